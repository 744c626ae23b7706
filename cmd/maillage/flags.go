package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// newFlags returns a flag set whose -h prints a French usage.
func newFlags(e *env, name, usage, doc string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage : maillage %s %s\n\n%s\n\nOptions :\n", name, usage, doc)
		printOptions(e.stdout, fs)
	}
	return fs
}

// printOptions describes the options of fs in French (flag.PrintDefaults
// speaks English: "(default …)").
func printOptions(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name := "-" + f.Name
		if len(f.Name) > 1 {
			name = "--" + f.Name
		}
		kind, usage := flag.UnquoteUsage(f)
		if kind != "" {
			switch kind {
			case "string":
				kind = "TEXTE"
			case "int", "uint", "int64", "uint64":
				kind = "NOMBRE"
			case "duration":
				kind = "DURÉE"
			case "value":
				kind = "VALEUR"
			default:
				kind = strings.ToUpper(kind)
			}
			name += " " + kind
		}
		fmt.Fprintf(w, "  %s\n    \t%s", name, usage)
		if d := f.DefValue; d != "" && d != "false" && d != "0" && !strings.Contains(usage, "par défaut") {
			fmt.Fprintf(w, " (par défaut : %s)", d)
		}
		fmt.Fprintln(w)
	})
}

// parse parses flags wherever they are among the arguments
// ("maillage import a.csv --strict" works too). Errors are in French.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	// The flag package prints its English errors and the usage on any
	// error: silence it, print the usage for -h only, translate the rest.
	usage := fs.Usage
	out := fs.Output()
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	defer func() {
		fs.Usage = usage
		fs.SetOutput(out)
	}()
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				usage()
				return nil, err
			}
			return nil, usageError{fs.Name() + " : " + flagMessage(err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// The messages of the flag package (Go 1.2x), to be said in French.
var (
	reUndefined = regexp.MustCompile(`^flag provided but not defined: -(.*)$`)
	reNoArg     = regexp.MustCompile(`^flag needs an argument: -(.*)$`)
	reBadValue  = regexp.MustCompile(`(?s)^invalid (?:boolean )?value "(.*)" for (?:flag )?-([^:]*): (.*)$`)
	reBadBool   = regexp.MustCompile(`(?s)^invalid boolean flag (.*): (.*)$`)
	reSyntax    = regexp.MustCompile(`^bad flag syntax: (.*)$`)
)

func dashed(name string) string {
	if len(name) > 1 {
		return "--" + name
	}
	return "-" + name
}

// flagMessage translates an error of flag.FlagSet.Parse.
func flagMessage(err error) string {
	msg := err.Error()
	if m := reUndefined.FindStringSubmatch(msg); m != nil {
		return "option inconnue : " + dashed(m[1])
	}
	if m := reNoArg.FindStringSubmatch(msg); m != nil {
		return "l'option " + dashed(m[1]) + " attend une valeur"
	}
	if m := reBadValue.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("valeur « %s » invalide pour l'option %s%s", m[1], dashed(m[2]), flagCause(m[3]))
	}
	if m := reBadBool.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("l'option %s n'accepte que true ou false%s", dashed(m[1]), flagCause(m[2]))
	}
	if m := reSyntax.FindStringSubmatch(msg); m != nil {
		return "option mal écrite : " + m[1]
	}
	return "option illisible : " + msg
}

// flagCause says why a value was refused: the strconv errors in French, our
// own flag types' messages (already French) as they are.
func flagCause(cause string) string {
	switch cause {
	case "parse error":
		return " (illisible)"
	case "value out of range":
		return " (hors limites)"
	}
	return " : " + cause
}
