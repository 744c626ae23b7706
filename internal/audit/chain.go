package audit

import "maillage/internal/failure"

// SignAfter is the key that signs the entry following one of hash prevHash
// ("" or Genesis for the first): the ring's signer, unless prevHash was
// signed by a key the ring lacks. Then signing would fork the chain (a
// journal no keyring verifies), as when two processes on one database
// each made their own key: the entry is refused, nothing is written.
func (r Keyring) SignAfter(prevHash string) (*Key, error) {
	if id := keyOf(prevHash); id != "" {
		if _, ok := r.Find(id); !ok {
			return nil, failure.Errorf(failure.Unavailable,
				"journal d'audit : la dernière entrée est signée par la clé %s, absente du trousseau de ce processus (clé %s) : "+
					"rien n'est écrit, pour ne pas fourcher le journal. Donnez à ce processus la clé de la base (MAILLAGE_AUDIT_KEY ou MAILLAGE_AUDIT_KEY_FILE ; README, « The audit journal »)",
				id, r.signerID())
		}
	}
	return r.Signer(), nil
}

func (r Keyring) signerID() string {
	if k := r.Signer(); k != nil {
		return k.ID
	}
	return "aucune"
}

// CheckFloor refuses to chain an entry after prev (nil: the journal is
// empty) when a checkpoint of the database attests entry floor or a later
// one (0: none): the journal was emptied or truncated since, and a new
// entry would start the chain anew over what was removed.
func CheckFloor(prev *Entry, floor int64) error {
	var last int64
	if prev != nil {
		last = prev.Seq
	}
	if floor > last {
		return failure.Errorf(failure.Conflict, "journal d'audit : il s'arrête à l'entrée %d, mais un point de contrôle de cette base atteste l'entrée %d (journal vidé ou tronqué) : "+
			"rien n'est écrit, un nouveau journal ne recommence jamais là où cette base en avait un. Examinez-le avec « maillage audit verifier » (README, « The audit journal »)", last, floor)
	}
	return nil
}
