package pass

import (
	"testing"

	"maillage/internal/place"
)

func TestDerive(t *testing.T) {
	for _, tt := range []struct {
		events []State
		want   State
		ok     bool
	}{
		{[]State{Emis}, Emis, true},
		{[]State{Emis, Injecte}, Injecte, true},
		{[]State{Emis, Injecte, Utilise}, Utilise, true},
		{[]State{Emis, Bloque, Credite}, Credite, true},
		{[]State{Emis, Injecte, Credite}, Credite, true},
		{[]State{Emis, Utilise}, Emis, false},                      // used before it was handed
		{[]State{Emis, Injecte, Utilise, Utilise}, Utilise, false}, // used twice
		{[]State{Emis, Injecte, Utilise, Credite}, Utilise, false}, // credited after use
		{[]State{Injecte}, "", false},
		{nil, "", false},
	} {
		got, ok := Derive(tt.events)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Derive(%v) = %q, %v; want %q, %v", tt.events, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParsePerimeter(t *testing.T) {
	zs, err := ParsePerimeter("departement:69, epci:200046977|commune:69123,departement:69,departement:2A")
	if err != nil {
		t.Fatal(err)
	}
	if got := FormatPerimeter(zs); got != "departement:69,epci:200046977,commune:69123,departement:2A" {
		t.Errorf("got %s", got)
	}
	for _, bad := range []string{"", "region:84", "departement:", "commune:69 123x", "departement:6'9"} {
		if _, err := ParsePerimeter(bad); err == nil {
			t.Errorf("ParsePerimeter(%q) accepted", bad)
		}
	}
}

func TestParseEuros(t *testing.T) {
	for in, want := range map[string]int64{"10": 1000, "10,5": 1050, "10.05": 1005, " 7 € ": 700, "0,01": 1} {
		if got, err := ParseEuros(in); err != nil || got != want {
			t.Errorf("ParseEuros(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "1,234", "-5", "1e3", "dix", "9999999999"} {
		if _, err := ParseEuros(bad); err == nil {
			t.Errorf("ParseEuros(%q) accepted", bad)
		}
	}
	// French typography: a narrow no-break space (U+202F) before « € »
	// and between groups of three digits.
	for cents, want := range map[int64]string{1050: "10,50\u202f€", -5: "-0,05\u202f€", 100000: "1\u202f000,00\u202f€",
		123456789: "1\u202f234\u202f567,89\u202f€", 99999: "999,99\u202f€"} {
		if got := Euros(cents); got != want {
			t.Errorf("Euros(%d) = %q, want %q", cents, got, want)
		}
	}
	// What Euros writes, and thousands typed with spaces, read back.
	for in, want := range map[string]int64{"1\u202f000,00\u202f€": 100000, "1 000": 100000, "2\u00a0500,5": 250050} {
		if got, err := ParseEuros(in); err != nil || got != want {
			t.Errorf("ParseEuros(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}

func TestValidSIRET(t *testing.T) {
	for s, want := range map[string]bool{"43493312300029": true, "43493312300028": false, "35600000000001": true, "1234": false, "4349331230002A": false} {
		if ValidSIRET(s) != want {
			t.Errorf("ValidSIRET(%s) != %v", s, want)
		}
	}
}

func TestCheck(t *testing.T) {
	order := &Order{ValidUntil: "2026-12-31", ToleranceDays: 31, Perimeter: []Zone{{ZoneDepartement, "69"}, {ZoneCommune, "01053"}},
		Services: []string{place.ServiceDemarches}}
	ok := Attempt{Pass: &Pass{State: Injecte}, Order: order, Qualified: true, Inside: true, Service: place.ServiceDemarches, Day: "2027-01-31"}
	with := func(f func(a *Attempt)) Attempt { a := ok; p := *ok.Pass; a.Pass = &p; f(&a); return a }
	for _, tt := range []struct {
		name string
		a    Attempt
		want Reason
	}{
		{"accepted on the last day of tolerance", ok, ""},
		{"unknown code", with(func(a *Attempt) { a.Pass = nil }), CodeInvalide},
		{"used", with(func(a *Attempt) { a.Pass.State = Utilise }), DejaUtilise},
		{"credited", with(func(a *Attempt) { a.Pass.State = Credite }), Expire},
		{"blocked", with(func(a *Attempt) { a.Pass.State = Bloque }), BloqueR},
		{"never handed", with(func(a *Attempt) { a.Pass.State = Emis }), BloqueR},
		{"after tolerance", with(func(a *Attempt) { a.Day = "2027-02-01" }), Expire},
		{"not qualified", with(func(a *Attempt) { a.Qualified = false }), LieuNonQualifie},
		{"outside", with(func(a *Attempt) { a.Inside = false }), HorsPerimetre},
		{"not qualified wins over outside", with(func(a *Attempt) { a.Inside = false; a.Qualified = false }), LieuNonQualifie},
		{"service", with(func(a *Attempt) { a.Service = place.ServiceLoisirs }), ServiceNonAutorise},
		{"used wins over expiry", with(func(a *Attempt) { a.Pass.State = Utilise; a.Day = "2030-01-01" }), DejaUtilise},
	} {
		got, msg := Check(tt.a)
		if got != tt.want || (got != "" && msg == "") {
			t.Errorf("%s: Check = %q (%q), want %q", tt.name, got, msg, tt.want)
		}
	}
	if _, msg := Check(with(func(a *Attempt) { a.Pass.State = Emis })); msg != NotHandedMessage {
		t.Errorf("never handed: %q", msg)
	}
}

func TestOrderValidate(t *testing.T) {
	good := Order{Financeur: 1, Carnets: 2, PassesPerCarnet: 10, ValueCents: 1000, ValidUntil: "2026-12-31", Perimeter: []Zone{{ZoneDepartement, "69"}}, Services: []string{place.ServiceDemarches}}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	if good.LastDay() != "2026-12-31" || good.TotalCents() != 20000 {
		t.Errorf("%s %d", good.LastDay(), good.TotalCents())
	}
	good.ToleranceDays = 31
	if good.LastDay() != "2027-01-31" {
		t.Errorf("%s", good.LastDay())
	}
	for name, f := range map[string]func(o *Order){
		"no financeur": func(o *Order) { o.Financeur = 0 }, "no carnet": func(o *Order) { o.Carnets = 0 },
		"value": func(o *Order) { o.ValueCents = 0 }, "date": func(o *Order) { o.ValidUntil = "31/12/2026" },
		"service": func(o *Order) { o.Services = []string{"Cuisine"} }, "no service": func(o *Order) { o.Services = nil },
		"perimeter": func(o *Order) { o.Perimeter = nil }, "tolerance": func(o *Order) { o.ToleranceDays = -1 },
	} {
		o := good
		f(&o)
		if err := o.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestValidIBAN(t *testing.T) {
	for s, want := range map[string]bool{"FR76 3000 6000 0112 3456 7890 189": true, "fr7630006000011234567890189": true, "FR76 3000 6000 0112 3456 7890 188": false, "FR76": false, "FR7630006000011234567890189!": false} {
		if _, ok := ValidIBAN(s); ok != want {
			t.Errorf("ValidIBAN(%q) = %v", s, ok)
		}
	}
	if MaskedIBAN("FR7630006000011234567890189") != "FR76 •••• •••• 0189" {
		t.Errorf("%s", MaskedIBAN("FR7630006000011234567890189"))
	}
}

func FuzzParsePerimeter(f *testing.F) {
	for _, s := range []string{"departement:69", "epci:200046977,commune:69123", "departement:2A|commune:97411", "region:84", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		zs, err := ParsePerimeter(s)
		if err != nil {
			return
		}
		back, err := ParsePerimeter(FormatPerimeter(zs))
		if err != nil || FormatPerimeter(back) != FormatPerimeter(zs) {
			t.Fatalf("%q → %v → %v, %v", s, zs, back, err)
		}
	})
}

func FuzzParseEuros(f *testing.F) {
	for _, s := range []string{"10", "10,50", "0.01", "7 €", "-1", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseEuros(s)
		if err != nil {
			return
		}
		if c < 0 {
			t.Fatalf("%q → %d", s, c)
		}
		back, err := ParseEuros(Euros(c))
		if err != nil || back != c {
			t.Fatalf("%q → %d → %q → %d, %v", s, c, Euros(c), back, err)
		}
	})
}

func TestValidBIC(t *testing.T) {
	for _, tt := range []struct {
		in, out string
		ok      bool
	}{
		{"BNPAFRPP", "BNPAFRPP", true},
		{"cepa fr pp 513", "CEPAFRPP513", true},
		{"CEPAFRPP313", "CEPAFRPP313", true},
		{"AGRIFRPP8", "AGRIFRPP8", false},
		{"1NPAFRPP", "1NPAFRPP", false},
		{"BNPAF1PP", "BNPAF1PP", false},
		{"BNPAFRP!", "BNPAFRP!", false},
		{"", "", false},
	} {
		got, ok := ValidBIC(tt.in)
		if got != tt.out || ok != tt.ok {
			t.Errorf("ValidBIC(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.out, tt.ok)
		}
	}
}
