package tgtest

import (
	"bytes"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"mime"
	"path"
	"strings"

	"github.com/go-telegram/bot/models"
)

// mediaParam resolves the media of sendPhoto/sendDocument: a file part
// (go-telegram/bot's InputFileUpload sends the part under the parameter's own
// name), a file_id the server issued earlier, or an http(s) URL. Uploads get
// a new file_id and are remembered. The caller holds s.mu.
func (s *Server) mediaParam(r *request, kind Kind, field string) (string, *File, *apiError) {
	if f, ok := r.files[field]; ok {
		if len(f.Data) == 0 {
			return "", nil, badRequest("file must be non-empty")
		}
		if kind == KindPhoto {
			if _, ok := imageSize(f.Data); !ok {
				return "", nil, badRequest("IMAGE_PROCESS_FAILED")
			}
		}
		s.fileSeq++
		id := fmt.Sprintf("tgtest-%s-%d", kind, s.fileSeq)
		s.files[id] = f
		return id, &f, nil
	}
	ref := strings.TrimSpace(r.params[field])
	switch {
	case ref == "":
		return "", nil, badRequest("there is no " + field + " in the request")
	case strings.HasPrefix(ref, "attach://"):
		// The client names the part after attach://; no such part arrived.
		return "", nil, badRequest("wrong HTTP URL specified")
	case strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://"):
		s.fileSeq++
		return fmt.Sprintf("tgtest-%s-%d", kind, s.fileSeq), &File{Name: ref}, nil
	}
	f, ok := s.files[ref]
	if !ok {
		return "", nil, badRequest("wrong file identifier/HTTP URL specified")
	}
	return ref, &f, nil
}

// imageSize decodes the header of the image formats Telegram turns into
// photos.
func imageSize(data []byte) (image.Config, bool) {
	for _, decode := range []func([]byte) (image.Config, error){
		func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) },
		func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) },
		func(b []byte) (image.Config, error) { return gif.DecodeConfig(bytes.NewReader(b)) },
	} {
		if cfg, err := decode(data); err == nil {
			return cfg, true
		}
	}
	return image.Config{}, false
}

// photoSizes is the photo array of a sent photo; Telegram returns several
// sizes, the fake one (the original).
func photoSizes(fileID string, f *File) []models.PhotoSize {
	ps := models.PhotoSize{FileID: fileID, FileUniqueID: uniqueID(fileID)}
	if f != nil {
		ps.FileSize = len(f.Data)
		if cfg, ok := imageSize(f.Data); ok {
			ps.Width, ps.Height = cfg.Width, cfg.Height
		}
	}
	return []models.PhotoSize{ps}
}

// document is the document object of a sent document.
func document(fileID string, f *File) *models.Document {
	d := &models.Document{FileID: fileID, FileUniqueID: uniqueID(fileID)}
	if f != nil {
		d.FileName = path.Base(f.Name)
		d.MimeType = mime.TypeByExtension(path.Ext(f.Name))
		d.FileSize = int64(len(f.Data))
	}
	return d
}

// uniqueID derives file_unique_id, which Telegram keeps stable per file.
func uniqueID(fileID string) string {
	return "u-" + fileID
}

// FileByID returns a file the bot uploaded, by the file_id the server
// assigned, so a test can inspect a photo sent earlier.
func (s *Server) FileByID(fileID string) (File, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[fileID]
	return f, ok
}
