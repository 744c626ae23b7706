package web

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/search"
	"maillage/internal/standard"
)

// The open-data downloads are files written from the index, one per
// format and revision of the registry, and served from disk: a client that
// reads slowly (or never) holds a file, not a database connection, and
// every instance gives the same file the same ETag, the revision's.

// downloadWriteTimeout is how long a download may take: longer than the
// server's write timeout, for a 50 MB file on a slow line.
const downloadWriteTimeout = 30 * time.Minute

// downloadFiles keeps the current file of each format.
type downloadFiles struct {
	mu    sync.Mutex // one writer of files at a time
	dir   string
	files map[string]*downloadFile
}

// downloadFile is the registry at one revision in one format, plain and gzipped.
type downloadFile struct {
	rev int64
	// ended is how many closures of the index had ended on the day the
	// file was written: the horaires publish the closures that have not
	// ended (standard.Published), so the file changes when one ends,
	// at the same revision. day is the last day it was found current.
	ended        int
	day          time.Time
	path, gzPath string
	modified     time.Time
	dated        time.Time // the date of its name (FileName)
}

// version names the file's content: its revision, and how many closures
// had ended when one has (« 42 », « 42.3 »): the same on every instance.
func (f *downloadFile) version() string {
	if f.ended == 0 {
		return strconv.FormatInt(f.rev, 10)
	}
	return strconv.FormatInt(f.rev, 10) + "." + strconv.Itoa(f.ended)
}

// endedClosures counts the closures of ix's places that ended before day,
// and says when the last of them ended (the day after its last day, at
// midnight in Paris): what the files hold changed then.
func endedClosures(ix *search.Index, day time.Time) (n int, at time.Time) {
	ix.Each(func(l *place.Lieu) {
		for _, c := range l.Closures {
			if c.To.Before(day) {
				n++
				next := c.To.AddDate(0, 0, 1)
				if t := time.Date(next.Year(), next.Month(), next.Day(), 0, 0, 0, 0, openinghours.Paris); t.After(at) {
					at = t
				}
			}
		}
	})
	return n, at
}

// download serves the whole registry in a format of the standard, with
// ETag and Last-Modified so that harvesters fetch it only when it changed,
// and ranges so that an interrupted download resumes.
func (s *Server) download(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f, err := s.downloadFile(format, s.indexOf(r.Context()))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Cache-Control", "public, max-age=300")
		h.Set("Vary", "Accept-Encoding")
		h.Set("Content-Type", standard.ContentType(format))
		h.Set("Content-Disposition", `attachment; filename="`+s.cfg.Hub.FileName(f.dated, format)+`"`)
		path, etag := f.path, fmt.Sprintf(`"%s-%s"`, format, f.version())
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			// Already compressed: the gzip middleware leaves it alone.
			path, etag = f.gzPath, fmt.Sprintf(`"%s-%s-gz"`, format, f.version())
			h.Set("Content-Encoding", "gzip")
		}
		h.Set("ETag", etag)
		// Where the changes feed takes over from this file.
		h.Set(changesCursorHeader, strconv.FormatInt(f.rev, 10))
		file, err := os.Open(path)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		defer file.Close()
		// The server's write timeout is for pages; a download gets longer.
		// A network deadline is on the wall clock, never the configured
		// clock of the domain (a test's clock set to noon made every
		// download after noon + the timeout fail before its first byte).
		if err := http.NewResponseController(w).SetWriteDeadline(time.Now().Add(downloadWriteTimeout)); err != nil && err != http.ErrNotSupported {
			s.log.Warn("délai d'écriture du téléchargement", "err", err)
		}
		http.ServeContent(w, r, "", f.modified, file)
	}
}

// downloadFile returns the file of a format at the revision of ix,
// writing it first when the registry changed since the last one, or a
// closure ended since (the place's horaires lose its rule).
func (s *Server) downloadFile(format string, ix *search.Index) (*downloadFile, error) {
	d := &s.downloads
	d.mu.Lock()
	defer d.mu.Unlock()
	day := today(s.cfg.Now())
	f := d.files[format]
	if f != nil && f.rev == ix.Rev && f.day.Equal(day) {
		return f, nil
	}
	ended, endedAt := endedClosures(ix, day)
	if f != nil && f.rev == ix.Rev && f.ended == ended {
		f.day = day
		return f, nil
	}
	if d.dir == "" {
		dir := s.cfg.DownloadDir
		if dir == "" {
			var err error
			if dir, err = os.MkdirTemp("", "maillage-donnees-"); err != nil {
				return nil, fmt.Errorf("dossier des téléchargements : %w", err)
			}
		} else if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("dossier des téléchargements : %w", err)
		}
		d.dir, d.files = dir, map[string]*downloadFile{}
	}
	f = &downloadFile{rev: ix.Rev, ended: ended, day: day}
	f.path = filepath.Join(d.dir, fmt.Sprintf("lieux-%s.%s", f.version(), format))
	f.gzPath = f.path + ".gz"
	if st := s.stats.Load(); st != nil {
		f.modified = st.LastChange
	}
	if endedAt.After(f.modified) {
		f.modified = endedAt
	}
	// The file's name is dated by the data's last change; an empty
	// registry's by when its file was written.
	if f.dated = f.modified; f.dated.IsZero() {
		f.dated = s.cfg.Now()
	}
	if err := writeDownload(f, format, ix, day); err != nil {
		return nil, err
	}
	// Requests still reading the old files keep them open; they vanish
	// when the last one closes.
	if old := d.files[format]; old != nil {
		os.Remove(old.path)
		os.Remove(old.gzPath)
	}
	d.files[format] = f
	return f, nil
}

// writeDownload writes the files of f: plain and gzipped, in one pass.
func writeDownload(f *downloadFile, format string, ix *search.Index, day time.Time) (err error) {
	tmp, tmpGz := f.path+".tmp", f.gzPath+".tmp"
	defer func() {
		if err != nil {
			os.Remove(tmp)
			os.Remove(tmpGz)
			err = fmt.Errorf("écriture du fichier %s : %w", format, err)
		}
	}()
	plain, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer plain.Close()
	packed, err := os.Create(tmpGz)
	if err != nil {
		return err
	}
	defer packed.Close()
	gz := gzip.NewWriter(packed)
	enc, err := standard.NewEncoder(format, io.MultiWriter(plain, gz))
	if err != nil {
		return err
	}
	ix.Each(func(l *place.Lieu) {
		if err == nil {
			err = enc.Encode(standard.Published(l, day))
		}
	})
	if err != nil {
		return err
	}
	for _, step := range []func() error{enc.Close, gz.Close, plain.Close, packed.Close} {
		if err := step(); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, f.path); err != nil {
		return err
	}
	return os.Rename(tmpGz, f.gzPath)
}
