package standard

// duplicateIDMessage says why a record whose id (raw as written, id once
// cleaned) is already the id of the record at where (written firstRaw
// when it was cleaned too) is refused: two ids as written that clean to
// one would be one record.
func duplicateIDMessage(id, raw, firstRaw, where string) string {
	if raw == id && firstRaw == "" {
		return "identifiant déjà utilisé par " + where + " du fichier"
	}
	msg := "identifiant « " + id + " »"
	if raw != id {
		msg = "identifiant « " + raw + " », « " + id + " » une fois nettoyé"
	}
	msg += " : déjà l'identifiant de " + where + " du fichier"
	if firstRaw != "" {
		msg += ", écrit « " + firstRaw + " »"
	}
	return msg + " (maillage retire les espaces autour d'un identifiant et y remplace / \\ ? # % et les caractères de contrôle ou invisibles par « - » : les deux désigneraient le même enregistrement ; donnez-leur des identifiants distincts)"
}
