package harvest

import (
	"errors"
	"net/url"
	"strings"

	"maillage/internal/standard"
)

// remoteURL refuses, in French, an address given by an outside answer
// (a data.gouv.fr resource) that is not an absolute http(s) URL with a
// host: a path would be a file of the server, another scheme is not
// harvested.
func remoteURL(addr string) error {
	u, err := url.Parse(addr)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !isURL(addr) {
		return errors.New("adresse « " + shown(addr) + " » refusée : seules les adresses http:// et https:// (avec un nom de serveur) sont moissonnées")
	}
	return nil
}

// plainError is an error whose message no longer quotes the content of
// the file read (see standard.FileError.Plain): a harvest's error is
// shown to every coordinator.
type plainError struct {
	msg string
	err error
}

func (e *plainError) Error() string { return e.msg }
func (e *plainError) Unwrap() error { return e.err }

// withoutContent is err, its message quoting nothing of a file that is
// not the standard's.
func withoutContent(err error) error {
	var fe *standard.FileError
	if err == nil || !errors.As(err, &fe) || fe.Plain == "" {
		return err
	}
	return &plainError{msg: plainMessage(err.Error(), err), err: err}
}

// plainMessage is msg, a message of err, where a file's error that quotes
// the file is replaced by its plain form.
func plainMessage(msg string, err error) string {
	var fe *standard.FileError
	if !errors.As(err, &fe) || fe.Plain == "" {
		return msg
	}
	if strings.Contains(msg, fe.Msg) {
		return strings.ReplaceAll(msg, fe.Msg, fe.Plain)
	}
	return fe.PlainError()
}
