package geocode

import (
	"context"

	"maillage/internal/failure"
)

// ErrTooMany is the failure of a search refused by the caller's rate
// limit (see WithPermit).
var ErrTooMany = failure.Errorf(failure.TooMany, "trop de recherches d'adresses depuis cette connexion : réessayez dans une minute")

type permitKey struct{}

// WithPermit returns a context under which Resolve asks the geocoder only
// when permit says yes: the web server limits each client's requests to
// the service this way. Names and codes the referential knows are not
// counted.
func WithPermit(ctx context.Context, permit func() bool) context.Context {
	return context.WithValue(ctx, permitKey{}, permit)
}

func permitted(ctx context.Context) bool {
	permit, ok := ctx.Value(permitKey{}).(func() bool)
	return !ok || permit()
}
