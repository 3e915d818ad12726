package store

import (
	"context"
	"fmt"

	"github.com/innopark/innopark/internal/attach"
)

// Files kept with records (migration 0012): every module's attachments in
// one pair of tables, keyed by the owner's kind and id. The owning module's
// store checks the owner is visible to the caller (and locks it for a
// change) before it calls these.

const fileCols = `f.id, f.owner, f.owner_id, f.zone_id, f.file_name, f.content_type, f.size_bytes, f.sha256,
	COALESCE(f.uploaded_by, 0), f.uploader, f.uploaded_at`

func scanFile(r scanner) (attach.File, error) {
	var f attach.File
	err := r.Scan(&f.ID, &f.Owner, &f.OwnerID, &f.ZoneID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy,
		&f.Uploader, scanTime{&f.UploadedAt})
	return f, err
}

// files lists an owner's files, oldest first, never nil.
func (q Q) files(ctx context.Context, owner string, ownerID int64) ([]attach.File, error) {
	out, err := queryAll(ctx, q, scanFile, "SELECT "+fileCols+" FROM attachments f WHERE f.owner = ? AND f.owner_id = ? ORDER BY f.id", owner, ownerID)
	if err != nil {
		return nil, fmt.Errorf("%s %d files: %w", owner, ownerID, err)
	}
	if out == nil {
		out = []attach.File{}
	}
	return out, nil
}

// file returns one file of an owner with its bytes; sql.ErrNoRows when the
// owner has no such file.
func (q Q) file(ctx context.Context, owner string, ownerID, id int64) (attach.File, []byte, error) {
	var data []byte
	var f attach.File
	err := q.QueryRow(ctx, "SELECT "+fileCols+`, d.data FROM attachments f JOIN attachment_data d ON d.attachment_id = f.id AND d.zone_id = f.zone_id
		WHERE f.id = ? AND f.owner = ? AND f.owner_id = ?`, id, owner, ownerID).Scan(&f.ID, &f.Owner, &f.OwnerID, &f.ZoneID,
		&f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy, &f.Uploader, scanTime{&f.UploadedAt}, &data)
	return f, data, err
}

// fileMeta returns one file of an owner without its bytes; sql.ErrNoRows
// when the owner has no such file.
func (q Q) fileMeta(ctx context.Context, owner string, ownerID, id int64) (attach.File, error) {
	return scanFile(q.QueryRow(ctx, "SELECT "+fileCols+" FROM attachments f WHERE f.id = ? AND f.owner = ? AND f.owner_id = ?", id, owner, ownerID))
}

// countFiles counts an owner's files.
func (q Q) countFiles(ctx context.Context, owner string, ownerID int64) (int, error) {
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM attachments WHERE owner = ? AND owner_id = ?", owner, ownerID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s files: %w", owner, err)
	}
	return n, nil
}

// insertFile stores f (its Owner, OwnerID and ZoneID set) and its bytes.
func (tx *Tx) insertFile(ctx context.Context, f attach.File, data []byte) (int64, error) {
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO attachments (owner, owner_id, zone_id, file_name, content_type, size_bytes, sha256, uploaded_by, uploader, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, f.Owner, f.OwnerID, f.ZoneID, f.Name, f.ContentType, f.Size, f.SHA256,
		nullID(f.UploadedBy), f.Uploader, ts(f.UploadedAt)).Scan(&id); err != nil {
		return 0, fmt.Errorf("insert %s file: %w", f.Owner, err)
	}
	if _, err := tx.Exec(ctx, "INSERT INTO attachment_data (attachment_id, data, zone_id) VALUES (?, ?, ?)", id, data, f.ZoneID); err != nil {
		return 0, fmt.Errorf("insert %s file data: %w", f.Owner, err)
	}
	return id, nil
}

// deleteFile removes a file and its bytes.
func (tx *Tx) deleteFile(ctx context.Context, id int64) error {
	if _, err := tx.Exec(ctx, "DELETE FROM attachment_data WHERE attachment_id = ?", id); err != nil {
		return fmt.Errorf("delete file data: %w", err)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM attachments WHERE id = ?", id); err != nil {
		return fmt.Errorf("delete file: %w", err)
	}
	return nil
}
