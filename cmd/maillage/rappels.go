package main

import (
	"context"
	"fmt"
	"log/slog"

	"maillage/internal/french"
	"maillage/internal/mail"
	"maillage/internal/printable"
	"maillage/internal/store"
	"maillage/internal/web"
)

func runRappels(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "rappels", "[--envoyer]",
		`Liste les lieux dont la fiche a plus de six mois et dont la structure s'est inscrite,
et, avec --envoyer, écrit à chaque structure pour lui demander de confirmer ou de mettre
à jour sa fiche (SMTP : MAILLAGE_SMTP_URL et MAILLAGE_SMTP_FROM ; sans eux, les messages
sont affichés). Les coordinateurs voient aussi ces fiches dans leur file de modération.`)
	dbURL := dbFlag(fs, e)
	send := fs.Bool("envoyer", false, "envoie les rappels (sinon, affiche seulement la liste)")
	base := fs.String("url-publique", e.getenv("MAILLAGE_BASE_URL"), "adresse publique du site, base du lien vers la fiche, nécessaire avec --envoyer (MAILLAGE_BASE_URL)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	var publicBase string
	if *send || *base != "" {
		if *base == "" {
			return fmt.Errorf("adresse publique du site manquante (--url-publique ou MAILLAGE_BASE_URL) : les rappels contiennent un lien vers la fiche")
		}
		b, err := web.CheckSiteURL(*base)
		if err != nil {
			return err
		}
		publicBase = b
	}
	st, err := openStore(ctx, e, *dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	var sender mail.Sender = mail.Log{Logger: slog.New(slog.NewTextHandler(e.stdout, nil))}
	if u := e.getenv("MAILLAGE_SMTP_URL"); u != "" {
		if sender, err = mail.NewSMTP(u, e.getenv("MAILLAGE_SMTP_FROM"), e.now); err != nil {
			return err
		}
	}
	claims, err := st.Claims(ctx, store.StatusApproved, 0)
	if err != nil {
		return err
	}
	owners := map[string][]int64{}
	for _, c := range claims {
		owners[c.LieuID] = append(owners[c.LieuID], c.UserID)
	}
	now := e.now()
	n := 0
	for l, err := range st.Lieux(ctx) {
		if err != nil {
			return err
		}
		if !l.NeedsConfirmation(now) || len(owners[l.ID]) == 0 {
			continue
		}
		for _, uid := range owners[l.ID] {
			u, err := st.User(ctx, uid)
			if err != nil {
				continue
			}
			n++
			fmt.Fprintf(e.stdout, "%s\t%s\tmise à jour le %s\t%s\n", printable.String(l.ID), printable.String(l.Nom), l.DateMaj.Format("02/01/2006"), u.Email)
			if *send {
				body := fmt.Sprintf("Bonjour,\n\nLa fiche de « %s » sur maillage date du %s. Les personnes qui cherchent de l'aide comptent sur elle : "+
					"confirmez-la ou mettez-la à jour en quelques minutes :\n\n%s%s\n\nMerci !\n", l.Nom, french.Date(l.DateMaj), publicBase, web.SitePath("lieux", l.ID))
				if err := sender.Send(ctx, u.Email, "Votre fiche sur maillage est-elle à jour ?", body); err != nil {
					return fmt.Errorf("envoi à %s : %w", u.Email, err)
				}
			}
		}
	}
	if *send {
		fmt.Fprintf(e.stdout, "%s.\n", french.Count(n, "rappel envoyé", "rappels envoyés"))
	} else {
		fmt.Fprintf(e.stdout, "%s (relancez avec --envoyer).\n", french.Count(n, "rappel à envoyer", "rappels à envoyer"))
	}
	return nil
}
