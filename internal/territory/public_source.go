package territory

import (
	"net/url"
	"path"
	"strings"
)

// PublicSource is what pages, the API and exports say of a layer's source
// (Vintage.Source, Layer.Source): a URL's host and path (no scheme,
// credentials, query or fragment), a file's base name, a package's name
// and version (« @etalab/decoupage-administratif 6.0.0 ») as it is; never
// the server's folders. "" when there is nothing to say.
func PublicSource(src string) string {
	src = strings.TrimSpace(src)
	if strings.HasPrefix(src, "@") {
		return src
	}
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		u, err := url.Parse(src)
		if err != nil {
			return ""
		}
		return u.Host + u.EscapedPath()
	}
	base := path.Base(strings.ReplaceAll(src, "\\", "/"))
	if base == "." || base == "/" {
		return ""
	}
	return base
}
