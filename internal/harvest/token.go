package harvest

import (
	"net/url"
	"strings"

	"maillage/internal/failure"
	"maillage/internal/printable"
	"maillage/internal/store"
)

// The Coop's key and data·inclusion's token are sent only to the server
// of the configured API (Options.CoopURL, DataInclusionURL, or the
// national ones): a source declared with another address would hand them
// to whoever runs it. The operator may allow it (Options.TokensElsewhere,
// serve and moissonner --jetons-autres-adresses); from the site, such a
// source cannot even be declared (CheckServiceURL).

// EnvTokensElsewhere, set to 1, lets harvests send the APIs' secrets to
// a declared address on another server than the configured API's.
const EnvTokensElsewhere = "MAILLAGE_MOISSON_JETONS_AUTRES_ADRESSES"

// origin is an address's scheme and host with its port made explicit;
// "" when it has user info or is not an absolute http(s) URL.
func origin(u *url.URL) string {
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return ""
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return u.Scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// sameServer tells whether addr is on base's server (scheme, host, port).
func sameServer(addr, base string) bool {
	a, err1 := url.Parse(addr)
	b, err2 := url.Parse(base)
	return err1 == nil && err2 == nil && isURL(addr) && origin(a) != "" && origin(a) == origin(b)
}

// underService tells whether addr is base, or below it, on its server.
func underService(addr, base string) bool {
	if !sameServer(addr, base) {
		return false
	}
	a, _ := url.Parse(addr)
	b, _ := url.Parse(base)
	bp := strings.TrimSuffix(b.Path, "/")
	ap := strings.TrimSuffix(a.Path, "/")
	return ap == bp || strings.HasPrefix(ap, bp+"/")
}

// serviceBase is the configured address of the API a source of type typ
// calls, and the name of its secret ("" for other types).
func serviceBase(typ string, opt Options) (base, secret string) {
	switch typ {
	case store.SourceCoop:
		if base = opt.CoopURL; base == "" {
			base = CoopURL
		}
		return base, "la clé de l'API de la Coop (" + EnvCoopKey + ")"
	case store.SourceDataInclusion:
		if base = opt.DataInclusionURL; base == "" {
			base = DataInclusionURL
		}
		return base, "le jeton de l'API data·inclusion (" + EnvDataInclusionToken + ")"
	}
	return "", ""
}

// secretTo refuses, unless allowed, to send the source's secret to addr
// when it is not on the configured API's server.
func (h *harvester) secretTo(addr string) error {
	base, secret := serviceBase(h.src.Type, h.opt)
	if base == "" || h.opt.TokensElsewhere || sameServer(addr, base) {
		return nil
	}
	return failure.Errorf(failure.Forbidden, "Source « %s » : %s ne part que vers le serveur de l'API configurée (%s) ; l'adresse déclarée « %s » est sur un autre serveur : "+
		"déclarez la source sans adresse, configurez l'API, ou autorisez l'envoi avec --jetons-autres-adresses (%s=1)",
		printable.String(h.src.Name), secret, shown(base), shown(addr), EnvTokensElsewhere)
}

// CheckServiceURL tells, in French, why a coop or data-inclusion source
// declared from the site may not have its address: only the configured
// API (opt's, or the national one), or below it, is accepted there; nil
// for other types and for no address (the configured API).
func CheckServiceURL(src store.Source, opt Options) error {
	base, _ := serviceBase(src.Type, opt)
	addr := strings.TrimSpace(src.URL)
	if base == "" || addr == "" || underService(addr, base) {
		return nil
	}
	return failure.Errorf(failure.Invalid, "Adresse : une source de type %s ne peut appeler depuis le site que l'API configurée (%s) : laissez l'adresse vide ; une autre adresse se déclare en ligne de commande (maillage sources ajouter), par l'exploitant du serveur.",
		src.Type, shown(base))
}
