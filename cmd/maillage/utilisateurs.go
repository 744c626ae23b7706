package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/printable"
	"maillage/internal/store"
)

func runUtilisateurs(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"utilisateurs : sous-commande attendue : ajouter, liste, modifier ou supprimer"}
	}
	switch args[0] {
	case "ajouter":
		return utilisateursAjouter(ctx, e, args[1:])
	case "liste":
		return utilisateursListe(ctx, e, args[1:])
	case "modifier":
		return utilisateursModifier(ctx, e, args[1:])
	case "supprimer":
		return utilisateursSupprimer(ctx, e, args[1:])
	case "-h", "--help", "-help":
		fmt.Fprint(e.stdout, utilisateursHelp())
		return flag.ErrHelp
	}
	return usageError{fmt.Sprintf("utilisateurs : sous-commande inconnue « %s » (ajouter, liste, modifier, supprimer)", args[0])}
}

// utilisateursHelp describes every subcommand; each one's -h tells more.
func utilisateursHelp() string {
	return `Usage : maillage utilisateurs SOUS-COMMANDE [options]

Gère les comptes (la base : --db ou MAILLAGE_DATABASE_URL).

  maillage utilisateurs ajouter --role ROLE [--nom NOM] [--structure STRUCTURE] [--territoires LISTE] COURRIEL
      Crée un compte ; la personne se connecte ensuite avec un lien reçu par courriel
      (sans SMTP configuré, le lien est écrit dans le journal du serveur).
  maillage utilisateurs liste
      Liste les comptes : numéro, adresse, rôle, nom, territoires.
  maillage utilisateurs modifier --role ROLE [--territoires LISTE] NUMERO|COURRIEL
      Change le rôle (et les territoires) d'un compte ; le dernier administrateur
      garde son rôle.
  maillage utilisateurs supprimer NUMERO
      Supprime un compte : ses données personnelles sont effacées, le journal
      garde un pseudonyme.

Rôles : ` + roleNames() + `.
Territoires d'un coordinateur (--territoires) : departement:81,epci:248100737.
Le détail d'une sous-commande : maillage utilisateurs modifier -h (de même pour les autres).
`
}

func roleNames() string {
	var names []string
	for _, r := range account.Roles {
		names = append(names, string(r.Role))
	}
	return strings.Join(names, ", ")
}

// roleHint answers the newcomer who looks for a prescriber's role (the
// issue's word): orienting a person needs no role of its own.
const roleHint = " ; pour orienter une personne (prescripteur), tout compte suffit : --role contributeur"

// roleTerritories reads --territoires for a role: a coordinator has at
// least one territory, the other roles none (a territory would mean
// nothing for them, silently).
func roleTerritories(r account.Role, raw string) ([]account.Territory, error) {
	ts, err := account.ParseTerritories(raw)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	switch {
	case r == account.Coordinateur && len(ts) == 0:
		return nil, usageError{"un coordinateur a au moins un territoire : --territoires departement:81 ou epci:248100737 (plusieurs, séparés par des virgules)"}
	case r != account.Coordinateur && len(ts) > 0:
		return nil, usageError{fmt.Sprintf("--territoires « %s » : seul un coordinateur a des territoires, pas le rôle %s", raw, r)}
	}
	return ts, nil
}

// checkTerritories refuses a territory that is not in the referential of
// territories loaded in the database (maillage territoires import),
// naming it; with none loaded yet, it says on stderr that they were not
// checked.
func checkTerritories(ctx context.Context, e *env, st store.Store, ts []account.Territory) error {
	if len(ts) == 0 {
		return nil
	}
	ref, err := st.Territories(ctx)
	if err != nil {
		return err
	}
	if ref.Empty() {
		fmt.Fprintf(e.stderr, "attention : aucun référentiel des territoires chargé (maillage territoires import) : %s non vérifié(s)\n", account.FormatTerritories(ts, ","))
		return nil
	}
	for _, t := range ts {
		if err := ref.CheckKnown(t.Kind, t.Code); err != nil {
			return err
		}
	}
	return nil
}

func utilisateursAjouter(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "utilisateurs ajouter", "--role ROLE [options] COURRIEL",
		`Crée un compte. La personne se connecte ensuite avec un lien reçu par courriel
(sans SMTP configuré, le lien est écrit dans le journal du serveur).
Rôles : `+roleNames()+`.`)
	dbURL := dbFlag(fs, e)
	role := fs.String("role", "", "rôle du compte (obligatoire)")
	name := fs.String("nom", "", "nom de la personne")
	structure := fs.String("structure", "", "structure de la personne")
	terr := fs.String("territoires", "", "pour un coordinateur : departement:81,epci:248100737")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"utilisateurs ajouter : indiquez une adresse électronique"}
	}
	r, ok := account.ParseRole(*role)
	if !ok {
		return usageError{"utilisateurs ajouter : --role parmi " + roleNames() + roleHint}
	}
	u := account.User{Email: pos[0], Name: *name, Structure: *structure, Role: r}
	if !place.EmailValid(account.NormalizeEmail(u.Email)) {
		return usageError{fmt.Sprintf("adresse électronique invalide « %s »", u.Email)}
	}
	if u.Territories, err = roleTerritories(r, *terr); err != nil {
		return err
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := checkTerritories(ctx, e, st, u.Territories); err != nil {
		return err
	}
	id, err := st.CreateUser(ctx, u, "ligne de commande")
	if errors.Is(err, failure.ErrConflict) {
		return fmt.Errorf("un compte existe déjà pour %s", account.NormalizeEmail(u.Email))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Compte %d créé : %s (%s).\n", id, account.NormalizeEmail(u.Email), r)
	return nil
}

func utilisateursListe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "utilisateurs liste", "", "Liste les comptes.")
	dbURL := dbFlag(fs, e)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		fmt.Fprintln(e.stdout, "aucun compte (maillage utilisateurs ajouter --role administrateur COURRIEL en crée un)")
		return nil
	}
	for _, u := range users {
		fmt.Fprintf(e.stdout, "%d\t%s\t%s\t%s\t%s\n", u.ID, printable.String(u.Email), u.Role, printable.String(u.Name), account.FormatTerritories(u.Territories, ","))
	}
	return nil
}

func utilisateursSupprimer(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "utilisateurs supprimer", "NUMERO", "Supprime un compte : ses données personnelles sont effacées, le journal garde un pseudonyme.")
	dbURL := dbFlag(fs, e)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"utilisateurs supprimer : indiquez le numéro du compte"}
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil {
		return usageError{"utilisateurs supprimer : numéro de compte attendu"}
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.DeleteUser(ctx, id, "ligne de commande"); err != nil {
		if errors.Is(err, failure.ErrNotFound) {
			return fmt.Errorf("aucun compte numéro %d", id)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "Compte %d supprimé.\n", id)
	return nil
}

// utilisateursModifier changes an account's role and territories: the
// recovery path when no administrator can sign in any more.
func utilisateursModifier(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "utilisateurs modifier", "--role ROLE [--territoires LISTE] NUMERO|COURRIEL",
		`Change le rôle (et les territoires) d'un compte. Le dernier administrateur ne peut
pas perdre son rôle : nommez-en d'abord un autre.
Rôles : `+roleNames()+`.`)
	dbURL := dbFlag(fs, e)
	role := fs.String("role", "", "nouveau rôle du compte (obligatoire)")
	terr := fs.String("territoires", "", "pour un coordinateur : departement:81,epci:248100737 (vide : aucun)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"utilisateurs modifier : indiquez le numéro ou l'adresse du compte"}
	}
	r, ok := account.ParseRole(*role)
	if !ok {
		return usageError{"utilisateurs modifier : --role parmi " + roleNames() + roleHint}
	}
	territories, err := roleTerritories(r, *terr)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := checkTerritories(ctx, e, st, territories); err != nil {
		return err
	}
	var u account.User
	if id, convErr := strconv.ParseInt(pos[0], 10, 64); convErr == nil {
		u, err = st.User(ctx, id)
	} else {
		u, err = st.UserByEmail(ctx, account.NormalizeEmail(pos[0]))
	}
	if errors.Is(err, failure.ErrNotFound) {
		return fmt.Errorf("aucun compte « %s »", pos[0])
	}
	if err != nil {
		return err
	}
	u.Role, u.Territories = r, territories
	if err := st.UpdateUser(ctx, u, "ligne de commande"); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Compte %d modifié : %s (%s).\n", u.ID, u.Email, r)
	return nil
}
