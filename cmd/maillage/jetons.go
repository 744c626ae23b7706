package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"time"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/printable"
	"maillage/internal/store"
)

func runJetons(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"jetons : sous-commande attendue : creer, liste ou revoquer"}
	}
	switch args[0] {
	case "creer":
		return jetonsCreer(ctx, e, args[1:])
	case "liste":
		return jetonsListe(ctx, e, args[1:])
	case "revoquer":
		return jetonsRevoquer(ctx, e, args[1:])
	case "-h", "--help", "-help":
		fmt.Fprint(e.stdout, jetonsHelp())
		return flag.ErrHelp
	}
	return usageError{fmt.Sprintf("jetons : sous-commande inconnue « %s » (creer, liste, revoquer)", printable.Text(args[0]))}
}

// jetonsHelp describes every subcommand; each one's -h tells more.
func jetonsHelp() string {
	return `Usage : maillage jetons SOUS-COMMANDE --compte COURRIEL [options]

Gère les jetons d'accès à l'API d'un compte (la base : --db ou MAILLAGE_DATABASE_URL).
Un programme envoie son jeton dans l'en-tête « Authorization: Bearer JETON ».
maillage n'en garde qu'une empreinte : un jeton n'est affiché qu'à sa création.

  maillage jetons creer --compte COURRIEL [--nom NOM]
      Crée un jeton et l'écrit, seul, sur la sortie standard (pour un script).
  maillage jetons liste --compte COURRIEL
      Liste les jetons valides du compte : numéro, nom, création, dernier usage.
  maillage jetons revoquer --compte COURRIEL NUMERO
      Révoque un jeton : il ne donne plus accès à l'API.

Le détail d'une sous-commande : maillage jetons creer -h (de même pour les autres).
`
}

// tokenAccount opens the store and finds the account named by --compte.
func tokenAccount(ctx context.Context, e *env, name, dbURL, email string) (store.Store, account.User, error) {
	if email == "" {
		return nil, account.User{}, usageError{"jetons " + name + " : indiquez le compte (--compte COURRIEL)"}
	}
	st, err := openStore(ctx, e, dbURL)
	if err != nil {
		return nil, account.User{}, err
	}
	u, err := st.UserByEmail(ctx, email)
	if err != nil {
		st.Close()
		if errors.Is(err, failure.ErrNotFound) {
			return nil, account.User{}, fmt.Errorf("aucun compte pour %s", printable.Text(account.NormalizeEmail(email)))
		}
		return nil, account.User{}, err
	}
	return st, u, nil
}

func jetonsCreer(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "jetons creer", "--compte COURRIEL [--nom NOM]",
		`Crée un jeton d'accès à l'API pour un compte et l'écrit, seul, sur la sortie
standard ; il ne sera plus jamais affiché. Exemple :
  JETON=$(maillage jetons creer --compte caisse@epn.fr --nom "logiciel de caisse")`)
	dbURL := dbFlag(fs, e)
	email := fs.String("compte", "", "adresse du compte (obligatoire)")
	label := fs.String("nom", "", "nom du jeton, pour le reconnaître (100 caractères au plus)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{"jetons creer : argument inattendu « " + printable.Text(pos[0]) + " » (le nom se donne avec --nom)"}
	}
	st, u, err := tokenAccount(ctx, e, "creer", *dbURL, *email)
	if err != nil {
		return err
	}
	defer st.Close()
	token, made, err := st.CreateAPIToken(ctx, u.ID, *label, e.now(), "ligne de commande")
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, token)
	fmt.Fprintf(e.stderr, "Jeton %d créé pour %s : gardez-le, il ne sera plus affiché.\n", made.ID, printable.Text(u.Email))
	return nil
}

func jetonsListe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "jetons liste", "--compte COURRIEL",
		"Liste les jetons valides d'un compte, un par ligne : numéro, nom, création et dernier usage (RFC 3339, ou « jamais »), séparés par des tabulations.")
	dbURL := dbFlag(fs, e)
	email := fs.String("compte", "", "adresse du compte (obligatoire)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{"jetons liste : argument inattendu « " + printable.Text(pos[0]) + " »"}
	}
	st, u, err := tokenAccount(ctx, e, "liste", *dbURL, *email)
	if err != nil {
		return err
	}
	defer st.Close()
	tokens, err := st.APITokens(ctx, u.ID)
	if err != nil {
		return err
	}
	if len(tokens) == 0 {
		fmt.Fprintf(e.stdout, "aucun jeton valide pour %s (maillage jetons creer --compte %s en crée un)\n", printable.Text(u.Email), printable.Text(u.Email))
		return nil
	}
	for _, t := range tokens {
		used := "jamais"
		if !t.LastUsed.IsZero() {
			used = t.LastUsed.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(e.stdout, "%d\t%s\t%s\t%s\n", t.ID, printable.String(t.Label), t.Created.UTC().Format(time.RFC3339), used)
	}
	return nil
}

func jetonsRevoquer(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "jetons revoquer", "--compte COURRIEL NUMERO",
		"Révoque un jeton d'un compte (son numéro : maillage jetons liste --compte COURRIEL) : il ne donne plus accès à l'API.")
	dbURL := dbFlag(fs, e)
	email := fs.String("compte", "", "adresse du compte (obligatoire)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"jetons revoquer : indiquez le numéro du jeton (maillage jetons liste --compte COURRIEL)"}
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil {
		return usageError{"jetons revoquer : numéro de jeton attendu, pas « " + printable.Text(pos[0]) + " »"}
	}
	st, u, err := tokenAccount(ctx, e, "revoquer", *dbURL, *email)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.RevokeAPIToken(ctx, u.ID, id, "ligne de commande"); err != nil {
		if errors.Is(err, failure.ErrNotFound) {
			return fmt.Errorf("aucun jeton valide numéro %d pour %s", id, printable.Text(u.Email))
		}
		return err
	}
	fmt.Fprintf(e.stdout, "Jeton %d révoqué.\n", id)
	return nil
}
