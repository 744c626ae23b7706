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
