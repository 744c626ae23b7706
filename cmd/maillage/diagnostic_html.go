package main

import (
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"maillage/internal/diagnostic"
	"maillage/internal/french"
	"maillage/internal/territory"
)

// diagnosticPage is a standalone page of a diagnostic (no style sheet to
// fetch, printable), for the CLI's --format html.
var diagnosticPage = template.Must(template.New("diagnostic").Funcs(template.FuncMap{
	"people": func(v float64) string { return french.Number(int64(math.Round(v))) },
	"dec": func(v float64, prec int) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "—"
		}
		return strings.Replace(strconv.FormatFloat(v, 'f', prec, 64), ".", ",", 1)
	},
	"source": territory.PublicSource,
	"yes": func(b bool) string {
		if b {
			return "oui"
		}
		return "non"
	},
}).Parse(`<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Diagnostic : {{.Territory.Name}}</title>
<style>
body{font-family:sans-serif;margin:1.5rem;color:#000;background:#fff}
table{border-collapse:collapse;font-size:.85rem}
th,td{border:1px solid #555;padding:.2rem .4rem;text-align:right}
th:first-child,td:nth-child(2){text-align:left}
caption{text-align:left;font-weight:bold;margin:.5rem 0}
@page{size:A4;margin:1.5cm}
@media print{body{margin:0}tr{break-inside:avoid}}
</style>
</head>
<body>
<h1>Diagnostic : {{.Territory.Name}}</h1>
<h2>Chiffres clés</h2>
<ul>{{range .Key}}<li>{{.}}</li>{{end}}</ul>
{{with .Sub}}<table>
<caption>Sous-territoires</caption>
<thead><tr><th scope="col">Territoire</th><th scope="col">Population</th><th scope="col">Personnes à risque</th><th scope="col">Fragilité</th><th scope="col">Lieux</th><th scope="col">Accessibilité (lieux pour 10 000)</th><th scope="col">Personnes à risque non desservies</th></tr></thead>
<tbody>{{range .}}<tr><th scope="row">{{.Name}}</th><td>{{people .Population}}</td><td>{{people .AtRisk}}</td><td>{{dec .Fragility 1}}</td><td>{{.Places}}</td><td>{{dec .Accessibility 2}}</td><td>{{people .UnservedAtRisk}}</td></tr>
{{end}}</tbody></table>{{end}}
<table>
<caption>Communes, par personnes à risque non desservies</caption>
<thead><tr><th scope="col">Code INSEE</th><th scope="col">Commune</th><th scope="col">Population</th><th scope="col">Personnes à risque</th><th scope="col">Fragilité</th><th scope="col">Lieux</th><th scope="col">Accessibilité (lieux pour 10 000)</th><th scope="col">Lieu le plus proche (km)</th><th scope="col">QPV</th><th scope="col">Au-delà de 30 min</th><th scope="col">Personnes à risque non desservies</th></tr></thead>
<tbody>{{range .Rows}}<tr><td>{{.Code}}</td><th scope="row">{{.Name}}</th><td>{{people .Population}}</td><td>{{people .AtRisk}}</td><td>{{dec .Fragility 1}}</td><td>{{.Places}}</td><td>{{dec .Accessibility 2}}</td><td>{{dec .DistanceKm 1}}</td><td>{{yes .InQPV}}</td><td>{{yes .Beyond30}}</td><td>{{people .UnservedAtRisk}}</td></tr>
{{end}}</tbody></table>
<h2>Méthode et sources</h2>
<ul>{{range .Notes}}<li>{{.}}</li>{{end}}
<li>{{.Info.AtRiskMethod}}</li>
<li>{{.Info.IndexMethod}}</li>
{{range .Vintages}}<li>Couche {{.Layer}} : millésime {{if .Vintage}}{{.Vintage}}{{else}}non précisé{{end}}{{with source .Source}}, source {{.}}{{end}}.</li>{{end}}
<li>Révision des données : {{.Revision}}.</li>
</ul>
</body>
</html>
`))

// writeDiagnosticHTML writes the report as a standalone page.
func writeDiagnosticHTML(w io.Writer, r *diagnostic.Report) error {
	return diagnosticPage.Execute(w, r)
}
