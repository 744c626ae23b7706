package activity

import (
	"fmt"
	"strconv"
)

// KeptFromOthers says why an activity is deleted only by its author and
// the administrators, not by a coordinator of its territory (who reads
// it): one imported from the Coop belongs to its import (the next import
// of the same export would bring it back; it is corrected in the Coop),
// one paid by a Pass numérique redemption is the evidence of that
// payment (deleting it frees the redemption for another activity and
// removes it from the Pass circuit's figures). "" when a coordinator
// may delete it.
func (a Activity) KeptFromOthers() string {
	switch {
	case a.Source == SourceImportCoop:
		return fmt.Sprintf("Cette activité vient d'un import de la Coop (ID CRA %s) : le prochain import de l'export la recréerait. "+
			"Corrigez-la dans la Coop, puis réimportez l'export ; seul un administrateur la supprime ici.", a.CoopID)
	case a.Source != SourceSaisie:
		return "Cette activité n'a pas été saisie dans maillage : seul un administrateur la supprime."
	case a.PassRedemption != 0:
		return "Cette activité est payée par le Pass numérique (utilisation n° " + strconv.FormatInt(a.PassRedemption, 10) + ") : " +
			"la supprimer libérerait cette utilisation et retirerait la preuve du paiement ; seuls son auteur ou un administrateur la suppriment."
	}
	return ""
}
