package standard

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"

	"maillage/internal/place"
)

// gunzip reads a gzip-compressed input (a .gz file, or a URL's answer
// served compressed without Content-Encoding) decompressed, with a notice;
// other inputs are returned as they are. The meter placed after it bounds
// the decompressed bytes by Limits.File, as for Content-Encoding: a small
// bomb cannot inflate past it.
func gunzip(in io.Reader, name string) (io.Reader, []place.Problem, error) {
	br := bufio.NewReaderSize(in, 64<<10)
	if head, _ := br.Peek(2); len(head) < 2 || head[0] != 0x1f || head[1] != 0x8b {
		return br, nil, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, nil, &FileError{File: name, Msg: "fichier compressé (gzip) illisible : données compressées " + gzipMessage(err), Err: err}
	}
	return frenchGzip{zr}, []place.Problem{{Severity: place.Info, Rule: place.RuleEncoding,
		Message: "fichier compressé (gzip) : décompressé à la lecture"}}, nil
}

// frenchGzip says in French what goes wrong in the compressed stream.
type frenchGzip struct{ r io.Reader }

func (g frenchGzip) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("données compressées (gzip) %s", gzipMessage(err))
	}
	return n, err
}

func gzipMessage(err error) string {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "coupées avant leur fin (fichier incomplet ou téléchargement interrompu)"
	case errors.Is(err, gzip.ErrChecksum):
		return "corrompues (somme de contrôle fausse)"
	case errors.Is(err, gzip.ErrHeader):
		return "corrompues (en-tête gzip invalide)"
	}
	return "corrompues (" + err.Error() + ")"
}
