package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"maillage/internal/audit"
	"maillage/internal/french"
)

func runAudit(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && (args[0] == "cle" || args[0] == "clé") {
		return runAuditKey(e, args[1:])
	}
	if len(args) == 0 || (args[0] != "verifier" && args[0] != "vérifier") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			fmt.Fprint(e.stdout, auditHelp)
			return flag.ErrHelp
		} else {
			return usageError{"audit : sous-commande attendue : maillage audit verifier, ou maillage audit cle CHEMIN"}
		}
	}
	fs := newFlags(e, "audit verifier", "", `Vérifie le journal d'audit : chaque entrée porte l'empreinte de la précédente,
authentifiée par une clé HMAC que la base ne contient pas (MAILLAGE_AUDIT_KEY,
MAILLAGE_AUDIT_KEY_FILE, ou audit.key à côté du fichier SQLite ; jamais créée
par le vérificateur), et la tête du journal est comparée aux points de contrôle
écrits hors de la base par serve et import (dossier FICHIER.points-de-controle/
à côté du fichier SQLite, ou MAILLAGE_AUDIT_CHECKPOINTS, obligatoire avec
PostgreSQL) ; chaque point de contrôle nomme son journal et sa base, et seuls
ceux d'une autre base (partageant le dossier) sont mis de côté. Une entrée
modifiée, forgée, supprimée, une chaîne recalculée sans la clé, un journal
tronqué, vidé ou remplacé sont détectés, même après d'autres écritures. Les entrées sans clé (écrites avant les clés)
ne sont admises que jusqu'au dernier point de contrôle.
Statut de sortie : 0 si le journal est intact, 1 sinon, ou si aucun point de
contrôle n'atteste un journal non vide (sauf --sans-points-de-controle).`)
	dbURL := dbFlag(fs, e)
	cpFlag := fs.String("points-de-controle", "", "dossier des points de contrôle (par défaut MAILLAGE_AUDIT_CHECKPOINTS, sinon FICHIER.points-de-controle/ à côté du fichier SQLite)")
	noCP := fs.Bool("sans-points-de-controle", false, "admettre un journal qu'aucun point de contrôle n'atteste (première vérification avant tout point de contrôle) : "+
		"l'avertissement reste, la troncature ne peut alors pas être détectée")
	if _, err := parse(fs, args[1:]); err != nil {
		return err
	}
	// A verifier never makes a key: it reads the one the writers use.
	keys, err := auditKeys(e, *dbURL, false)
	if err != nil {
		return err
	}
	dir, err := checkpointDir(e, *dbURL, *cpFlag)
	if err != nil {
		return err
	}
	st, err := openStoreKeys(ctx, *dbURL, keys)
	if err != nil {
		return err
	}
	defer st.Close()
	cps, err := audit.ReadCheckpoints(dir)
	if err != nil {
		fmt.Fprintf(e.stdout, "Points de contrôle illisibles : %v\n", err)
		return exitStatus(1)
	}
	v := audit.Verifier{Keys: keys, Checkpoints: cps, Base: baseID(*dbURL)}
	for entry, err := range st.AuditAll(ctx) {
		if err != nil {
			return err
		}
		if err := v.Check(entry); err != nil {
			fmt.Fprintf(e.stdout, "%v\n", err)
			return exitStatus(1)
		}
	}
	if err := v.Finish(); err != nil {
		fmt.Fprintf(e.stdout, "%v\n", err)
		return exitStatus(1)
	}
	if v.Count == 0 {
		// Every import and every account writes an entry: a database
		// with places and an empty journal had it emptied (with its
		// checkpoint folder, if none said so).
		stats, err := st.Stats(ctx)
		if err != nil {
			return err
		}
		if stats.Count > 0 {
			fmt.Fprintf(e.stdout, "Journal d'audit vide alors que la base contient %s : journal vidé (et, sans point de contrôle de cette base dans %s, son dossier de points de contrôle supprimé ou changé).\n",
				french.Count(int64(stats.Count), "lieu", "lieux"), dir)
			return exitStatus(1)
		}
	}
	if v.Matched == 0 && v.Count > 0 {
		fmt.Fprintf(e.stdout, "Avertissement : aucun point de contrôle de ce journal (%s) dans %s pour un journal de %s : une troncature ne peut pas être détectée "+
			"(dossier perdu, ou pas celui des processus qui écrivent : MAILLAGE_AUDIT_CHECKPOINTS, --points-de-controle).\n",
			v.Journal, dir, french.Count(v.Count, "entrée", "entrées"))
		if v.Foreign > 0 {
			fmt.Fprintf(e.stdout, "Ce dossier ne contient que des points de contrôle d'autres bases (%d).\n", v.Foreign)
		}
		if old := legacyDir(*dbURL); old != "" && *cpFlag == "" && e.getenv("MAILLAGE_AUDIT_CHECKPOINTS") == "" {
			if _, err := os.Stat(old); err == nil {
				fmt.Fprintf(e.stdout, "Le dossier %s contient peut-être les points de contrôle d'avant les dossiers par base : s'il n'est qu'à cette base, renommez-le en %s ; "+
					"s'il est partagé, vérifiez avec --points-de-controle %s.\n", old, dir, old)
			}
		}
		if !*noCP {
			return exitStatus(1)
		}
	}
	fmt.Fprintf(e.stdout, "Journal d'audit intact : %s", french.Count(v.Count, "entrée vérifiée", "entrées vérifiées"))
	if v.Unsigned > 0 {
		fmt.Fprintf(e.stdout, " (dont %s d'avant la clé, attestées par les points de contrôle)", french.Count(v.Unsigned, "entrée", "entrées"))
	}
	fmt.Fprintf(e.stdout, ", %s", french.Count(int64(v.Matched), "point de contrôle concordant", "points de contrôle concordants"))
	if v.Foreign > 0 {
		fmt.Fprintf(e.stdout, " (%s d'autres bases mis de côté)", french.Count(int64(v.Foreign), "point de contrôle", "points de contrôle"))
	}
	fmt.Fprintln(e.stdout, ".")
	if path, ok := sqlitePath(*dbURL); ok && *cpFlag == "" && e.getenv("MAILLAGE_AUDIT_CHECKPOINTS") == "" {
		fmt.Fprintf(e.stdout, "Attention : les points de contrôle sont à côté de la base (%s) : qui peut supprimer le fichier %s peut aussi supprimer ce dossier, "+
			"et un journal vidé avec lui ne se détecte plus. Gardez-en une copie ailleurs (MAILLAGE_AUDIT_CHECKPOINTS sur une autre machine, copie régulière, tête publiée sur /donnees).\n",
			dir, filepath.Base(path))
	}
	return nil
}

// runAuditKey makes a new key file for the journal (mode 0600), never
// overwriting one: the one key every process of a database is given.
func runAuditKey(e *env, args []string) error {
	fs := newFlags(e, "audit cle", "CHEMIN", `Crée un fichier de clé du journal d'audit (clé HMAC aléatoire, mode 0600) ;
un fichier existant n'est jamais écrasé. Tous les processus d'une même base
(serve, import… sur toutes les machines) reçoivent ce même fichier par
MAILLAGE_AUDIT_KEY_FILE. Gardez-en une copie hors de la base. Rotation : README.`)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"audit cle : un chemin attendu : maillage audit cle CHEMIN"}
	}
	k, err := audit.NewKeyFile(pos[0])
	if err != nil {
		return fmt.Errorf("audit cle : %w", err)
	}
	fmt.Fprintf(e.stdout, "Clé du journal d'audit %s créée dans %s (mode 0600). Donnez MAILLAGE_AUDIT_KEY_FILE=%s à chaque processus de la base, et gardez-en une copie hors de la base.\n",
		k.ID, pos[0], pos[0])
	return nil
}

// auditHelp describes both subcommands; each one's -h tells more.
const auditHelp = `Usage : maillage audit SOUS-COMMANDE [options]

Le journal d'audit (la base : --db ou MAILLAGE_DATABASE_URL).

  maillage audit verifier [--points-de-controle DOSSIER] [--sans-points-de-controle]
      Vérifie la chaîne du journal avec sa clé et les points de contrôle écrits
      hors de la base ; statut 0 si le journal est intact, 1 sinon.
  maillage audit cle CHEMIN
      Crée une clé d'authentification du journal (mode 0600) ; la désigner par
      MAILLAGE_AUDIT_KEY_FILE (README, « The audit journal », pour la rotation).

« maillage audit verifier -h » et « maillage audit cle -h » détaillent leurs options.
`
