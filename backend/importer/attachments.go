package importer

import (
	"context"
	"mime"
	"path"
	"sort"
	"strings"

	"secondbrain/backend"
	"secondbrain/backend/blobstore"
)

// BlobStore is where attachment bytes go.
type BlobStore = blobstore.Store

// importAttachments copies every non-Markdown file that a note links to
// into the blob store and records it. Other files are reported as skipped.
func importAttachments(ctx context.Context, st Store, blobs *BlobStore, linked map[string]bool, others map[string]noteFile, rep *Report, prog *throttle) error {
	if len(others) == 0 {
		return nil
	}
	byName := map[string][]string{} // lower file name → lower rel paths
	for rel := range others {
		byName[path.Base(rel)] = append(byName[path.Base(rel)], rel)
	}
	wanted := map[string]bool{}
	for k := range linked {
		if k == "" {
			continue
		}
		if _, ok := others[k]; ok {
			wanted[k] = true
		} else if !strings.Contains(k, "/") {
			for _, rel := range byName[k] {
				wanted[rel] = true
			}
		}
	}
	rels := make([]string, 0, len(others))
	for rel := range others {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	done := 0
	for _, rel := range rels {
		f := others[rel]
		if !wanted[rel] {
			rep.Skipped = append(rep.Skipped, Entry{Path: f.rel, Reason: "not a note, and no note links to it"})
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if blobs == nil {
			rep.Skipped = append(rep.Skipped, Entry{Path: f.rel, Reason: "attachments are not stored in this mode"})
			continue
		}
		hash, size, err := blobs.PutFile(f.abs)
		if err != nil {
			rep.Skipped = append(rep.Skipped, Entry{Path: f.rel, Reason: "cannot read: " + errText(err)})
			continue
		}
		mt := mime.TypeByExtension(strings.ToLower(path.Ext(rel)))
		if mt == "" {
			mt = "application/octet-stream"
		}
		if _, err := st.PutAttachment(ctx, backend.AttachmentWrite{Path: f.rel, MimeType: mt, Size: size, ContentHash: hash}); err != nil {
			return err
		}
		rep.Attachments++
		done++
		prog.report(Progress{Phase: "attachments", Done: done, Total: len(wanted), Path: rel}, false)
	}
	return nil
}
