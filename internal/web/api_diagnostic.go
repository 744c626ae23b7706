package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"maillage/internal/diagnostic"
	"maillage/internal/failure"
)

// diagnosticParamNames are the query parameters of the diagnostic's
// options, in the API and on the pages' form.
var diagnosticParamNames = []string{"methode", "cout", "seuil_km", "seuil_min", "service", "ponderation"}

// parseDiagnosticParams reads the diagnostic's options from a query,
// normalised (defaults filled), with the server's OSRM server; a refused
// value is a ParamError naming the parameter, its value and the rule.
func (s *Server) parseDiagnosticParams(q url.Values) (diagnostic.Options, *ParamError) {
	o := diagnostic.Options{Method: q.Get("methode"), Cost: q.Get("cout"), Service: q.Get("service"), Weighting: q.Get("ponderation")}
	for name, dst := range map[string]*float64{"seuil_km": &o.SeuilKm, "seuil_min": &o.SeuilMin} {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			continue
		}
		x, ok := parseNumber(strings.Replace(v, ",", ".", 1))
		if !ok || !(x > 0) {
			return o, &ParamError{Param: name, Value: v, Message: "un nombre strictement positif attendu (10 ou 12.5)"}
		}
		*dst = x
	}
	o, err := s.diagnosticOptions(o).Normalise()
	if err != nil {
		msg := failure.MessageOf(err)
		param := strings.ReplaceAll(diagnostic.OptionOfMessage(msg), "-", "_")
		if param == "" {
			param = "methode"
		}
		return o, &ParamError{Param: param, Value: q.Get(param), Message: diagOptionMessage(msg, q)}
	}
	return o, nil
}

// apiDiagnosticTerritory reads the territory of /api/v1/diagnostic/…
// and the format asked: the address may end with .csv or .json (after the
// code, after france, or after implanter), or say format=csv|json, not
// both. It answers the error itself (ok false): a bad type, code or
// format is a 400 naming the parameter, an unknown code a 404.
func (s *Server) apiDiagnosticTerritory(w http.ResponseWriter, r *http.Request, implanter bool) (t diagnostic.Territory, csv, ok bool) {
	kind, code := r.PathValue("type"), r.PathValue("code")
	if kind == "" {
		kind = diagnostic.KindFrance
	} else if !slices.Contains(diagnostic.Kinds[1:], kind) {
		badParam(w, &ParamError{Param: "type", Value: kind, Message: "type de territoire inconnu (france a pour adresse /api/v1/diagnostic/france)", Accepted: diagnostic.Kinds[1:]})
		return t, false, false
	}
	suffix := ""
	for _, ext := range []string{".csv", ".json"} {
		if strings.HasSuffix(r.URL.Path, ext) {
			suffix = ext
		}
		if c, found := strings.CutSuffix(code, ext); found {
			if implanter {
				badParam(w, &ParamError{Param: "code", Value: code, Message: "le format se donne à la fin de l'adresse (…/implanter" + ext + ") ou par format="})
				return t, false, false
			}
			code = c
		}
	}
	csv, ok = diagnosticFormat(w, r.URL.Query(), suffix)
	if !ok {
		return t, false, false
	}
	t, err := diagnostic.TerritoryOf(kind, code, s.diagnostics.Referential(r.Context()))
	if errors.Is(err, failure.ErrInvalid) {
		badParam(w, &ParamError{Param: "code", Value: code, Message: failure.MessageOf(err)})
		return t, false, false
	}
	if err != nil {
		s.error(w, r, err)
		return t, false, false
	}
	return t, csv, true
}

// diagnosticFormat tells whether the answer is CSV: an address ending with
// .csv, or format=csv; format may not be given with a suffix.
func diagnosticFormat(w http.ResponseWriter, q url.Values, suffix string) (csv, ok bool) {
	f := q.Get("format")
	switch {
	case f != "" && suffix != "":
		badParam(w, &ParamError{Param: "format", Value: f, Message: "l'adresse finit déjà par " + suffix + ", qui donne le format : retirez format= ou le suffixe"})
		return false, false
	case suffix != "":
		return suffix == ".csv", true
	}
	switch f {
	case "", "json":
		return false, true
	case "csv":
		return true, true
	default:
		badParam(w, &ParamError{Param: "format", Value: f, Message: "json (par défaut) ou csv", Accepted: []string{"json", "csv"}})
		return false, false
	}
}

// apiDiagnostic answers GET /api/v1/diagnostic/{type}/{code} (and
// /api/v1/diagnostic/france): the report of a territory, in JSON, or its
// communes in CSV (a code ending with .csv, or format=csv).
func (s *Server) apiDiagnostic(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	t, csv, ok := s.apiDiagnosticTerritory(w, r, false)
	if !ok {
		return
	}
	o, perr := s.parseDiagnosticParams(q)
	if perr != nil {
		badParam(w, perr)
		return
	}
	if err := s.allowDiagnosticOptions(r, o); err != nil {
		s.error(w, r, err)
		return
	}
	rep, err := s.diagnostics.Report(r.Context(), t, o)
	if err != nil {
		s.error(w, r, err)
		return
	}
	cors(w)
	if notModified(w, r, diagnosticETag(rep.Revision, rep.Stale, "rapport", t.String(), fmt.Sprint(csv), fmt.Sprintf("%+v", o))) {
		return
	}
	s.writeEncoded(w, r, rep, csv, "diagnostic-"+fileName(t))
}

// apiDiagnosticImplanter answers GET /api/v1/diagnostic/{type}/{code}/implanter
// (and /api/v1/diagnostic/france/implanter): where nombre new places would
// cover the most unserved people at risk, among the communes of the
// territory.
func (s *Server) apiDiagnosticImplanter(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	t, csv, ok := s.apiDiagnosticTerritory(w, r, true)
	if !ok {
		return
	}
	k, err := diagnostic.ParsePicks(q.Get("nombre"))
	if err != nil {
		badParam(w, &ParamError{Param: "nombre", Value: q.Get("nombre"), Message: failure.MessageOf(err)})
		return
	}
	o, perr := s.parseDiagnosticParams(q)
	if perr != nil {
		badParam(w, perr)
		return
	}
	if err := s.allowDiagnosticOptions(r, o); err != nil {
		s.error(w, r, err)
		return
	}
	im, err := s.diagnostics.Implant(r.Context(), t, o, k, nil, "")
	if err != nil {
		s.error(w, r, err)
		return
	}
	cors(w)
	if notModified(w, r, diagnosticETag(im.Revision, im.Stale, "implanter", t.String(), fmt.Sprint(csv), fmt.Sprintf("%+v", o), fmt.Sprint(k))) {
		return
	}
	s.writeEncoded(w, r, im, csv, "implanter-"+fileName(t))
}

// encoded is what the diagnostic API answers: a report or a placement,
// each as CSV or JSON.
type encoded interface {
	CSV(io.Writer) error
	JSON(io.Writer) error
}

// writeEncoded encodes v whole before answering, so that an encoding error
// is still an error answer, then writes it under name.
func (s *Server) writeEncoded(w http.ResponseWriter, r *http.Request, v encoded, csv bool, name string) {
	var b bytes.Buffer
	var err error
	if csv {
		err = v.CSV(&b)
	} else {
		err = v.JSON(&b)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeDiagnostic(w, &b, csv, name)
}

// fileName is a territory as a file name: departement-69, france.
func fileName(t diagnostic.Territory) string {
	if t.Kind == diagnostic.KindFrance {
		return "france"
	}
	return t.Kind + "-" + t.Code
}

func writeDiagnostic(w http.ResponseWriter, b *bytes.Buffer, csv bool, name string) {
	cors(w)
	h := w.Header()
	if csv {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	} else {
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	w.Write(b.Bytes())
}
