package store

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"maillage/internal/pass"
)

// ServiceNotOffered refuses (service_non_autorise) a redemption for a
// service the place does not offer, as its record in the registry lists
// its services (services; a place that lists none is not judged), when
// the ledger would accept it otherwise: a pass refused for another reason
// keeps that reason, and a request retried after it was redeemed
// (deja_utilise now) goes to the ledger, which replays its first answer.
// Nothing is written. nil when the place offers the service, or the
// ledger will answer. The API, the counter and `maillage pass utiliser`
// share it (review 10A2 minor 2).
func ServiceNotOffered(ctx context.Context, s Pass, services []string, req RedeemRequest) (*RedeemResult, error) {
	if len(services) == 0 || slices.Contains(services, req.Service) {
		return nil, nil
	}
	res, err := s.CheckRedemption(ctx, req)
	if err != nil || res.Reason != "" {
		return nil, err
	}
	service := req.Service
	if utf8.RuneCountInString(service) > 100 {
		service = string([]rune(service)[:100]) + "…"
	}
	return &RedeemResult{Code: res.Code, Reason: pass.ServiceNonAutorise,
		Message: "Ce lieu ne propose pas le service « " + service + " » d'après l'annuaire (ses services : " +
			strings.Join(services, " | ") + ") : un pass n'y paie que ceux-là."}, nil
}
