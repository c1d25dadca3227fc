// Package journal is dos's write-ahead log: an append-only, hash-chained,
// segmented JSONL file set that every kernel syscall appends one record to and
// every projection, exporter and notifier reads from.
//
// # Directory layout
//
//	<journal>/
//	  LOCK                          flock(2)ed by a writer for one batch; readers never lock
//	  LEASES.lock                   flock(2)ed by the kernel around a lease's read-decide-append,
//	                                so two acquires never both see a lane free
//	  LEASES.snapshot               the kernel's cache of the lease fold: the live leases after a named
//	                                record, so a hook's fold reads only what came since (never a second store)
//	  00000000000000000001.jsonl    a segment, named by its first seq (20 digits)
//	  00000000000000000001.idx      sparse index of a sealed segment (absent for the newest)
//	  00000000000000218734.jsonl    the newest segment is the active one: appends go here
//	  ANCHOR.json                   written by prune: last pruned seq and hash
//	  CHECKPOINTS                   keyed mode only: one HMAC-SHA256 checkpoint per commit (checkpoint.go)
//	  cursors/NAME.json             export cursors; prune never passes the slowest one
//	  cursors/NAME.lock             flock(2)ed by the export draining NAME, for the whole drain
//	  cursors/.tmp-*                a cursor write a crash interrupted (never read)
//	  notify/HASH.lock              flock(2)ed by the notify run posting to one channel
//	  id-alloc/KEY.json             id-alloc: a scope's high-water mark (KEY.lock flock(2)ed while allocating)
//	  .tmp-*                        an index or anchor write a crash interrupted (never read)
//	  quarantine/*.bad              corrupt tails Repair moved aside, byte for byte
//
// This package owns the directory: where cursors live and how they are
// listed (CursorDir, CursorNames) and how every small file in it is
// written (WriteFileAtomic). Locks are taken with internal/flock, the one
// lock implementation; a lock file is never deleted, so a waiter never
// locks an unlinked inode.
//
// # Durability
//
// "Durable" means the bytes survive a power cut, not only a crash of dos:
// an Append returns after its batch is on the disk past the drive's cache,
// and a small file is replaced (WriteFileAtomic) so a reader sees the old
// one or the new one whole. Each platform gets there its own way
// (durable_*.go, behind SyncData, syncDir and renameOver):
//
//	+---------+--------------------------+-------------------------------------+
//	| OS      | an append's bytes        | a create / rename / remove          |
//	+---------+--------------------------+-------------------------------------+
//	| Linux   | fdatasync(2)             | fsync(2) of the directory           |
//	| macOS   | fcntl(F_FULLFSYNC): its  | F_FULLFSYNC of the directory (fsync |
//	|         | fsync leaves the bytes   | where the filesystem refuses it)    |
//	|         | in the drive's cache     |                                     |
//	| Windows | FlushFileBuffers         | MoveFileEx(MOVEFILE_REPLACE_EXISTING|
//	|         |                          | |MOVEFILE_WRITE_THROUGH); NTFS logs |
//	|         |                          | creates, a directory has no flush   |
//	| BSDs    | fsync(2)                 | fsync(2) of the directory           |
//	+---------+--------------------------+-------------------------------------+
//
// Locks are flock(2) on unix and LockFileEx on Windows (internal/flock);
// either way the OS drops a lock when its holder dies. On Windows a file
// another process has open cannot be replaced or removed: a cursor rename
// that meets a reader is retried for up to a second, and prune stops with
// an error naming a sealed segment a reader holds open (a rerun finishes).
//
// # The line
//
// One record per line, UTF-8 JSON terminated by '\n', members in this order
// (optional members are omitted when empty, never written as ""):
//
//	+---------------+--------+-----------------------------------------------+
//	| member        | type   | meaning                                       |
//	+---------------+--------+-----------------------------------------------+
//	| v             | int    | record schema version, 1                      |
//	| seq           | uint64 | 1-based, gap-free across all writers          |
//	| id            | string | ULID; its time part is ts to the millisecond  |
//	| ts            | string | RFC 3339 UTC, 9 fractional digits, "Z"        |
//	| kind          | string | verdict | lease | intent | run | notify | ...  |
//	| syscall       | string | the verb that wrote it                        |
//	| verdict       | string | the token returned, or ""                     |
//	| run_id        | string | a ULID or a RID-… (runid.go), or "" for none  |
//	| parent_run_id | string | optional, the same two grammars               |
//	| lane          | string | optional                                      |
//	| subject       | string | optional                                      |
//	| host          | string | optional                                      |
//	| source        | string | optional                                      |
//	| detail        | object | evidence counts, compact JSON                 |
//	| hash          | string | 64 lowercase hex, always the last member      |
//	+---------------+--------+-----------------------------------------------+
//
// A line longer than MaxLineBytes (1 MiB, newline included) is never written.
// A final line without '\n' is a torn write that was never acknowledged:
// readers ignore it and the next writer truncates it. Any complete line that
// does not decode is corruption and is reported with its segment and offset.
// Writers refuse to append after a corrupt last line (they must not guess the
// seq); Repair moves such a tail to quarantine/ and records that it did.
//
// # The hash chain
//
// The canonical bytes of a record are the bytes of its line from the opening
// '{' up to, not including, the `,"hash":` member. Then
//
//	hash(record) = hex(SHA-256(hash(previous record) || canonical bytes))
//
// where hash(previous record) is its 64 ASCII hex characters and the record
// before seq 1 has the genesis hash of 64 '0' characters. After a prune the
// chain resumes from ANCHOR.json's hash. An edit changes the canonical bytes,
// a deletion leaves a seq gap, a reorder runs seq backwards and an insertion
// repeats a seq: Verify names the first record where each shows.
//
// # Segments and the sparse index
//
// A segment is sealed when the next record would take it past the segment
// size limit (default 64 MiB). Sealing writes NAME.idx (JSON) atomically,
// then creates the next segment named by the next seq:
//
//	+-----------+-------------------------------------------------------+
//	| member    | meaning                                               |
//	+-----------+-------------------------------------------------------+
//	| v         | index format version, 1                               |
//	| first_seq | seq of the segment's first record                     |
//	| last_seq  | seq of its last record                                |
//	| size      | segment size in bytes; a mismatch makes the index     |
//	|           | stale and readers fall back to bisection              |
//	| first_ts  | ts of the first record                                |
//	| last_ts   | ts of the last record                                 |
//	| last_hash | hash of the last record (an anchor for Verify)        |
//	| entries   | [[seq, byte offset], ...] one per IndexEvery bytes    |
//	| runs      | Bloom filter of every run_id and parent_run_id        |
//	+-----------+-------------------------------------------------------+
//
// Seeking to a seq is a binary search over segment names, then over the
// index entries (sealed) or over the file's own lines (active, whose seqs
// are sorted), then a scan of at most IndexEvery bytes.
//
// Every reader also checks that the seqs run on (continuity.go): each
// segment must start at the seq after the previous one's last, each
// record must follow the one before, and the journal must reach the
// highest seq an export cursor or keyed checkpoint names. A break (a
// segment deleted, two swapped, the newest deleted under a cursor) is a
// *CorruptError with Break set, counted and located like a corrupt line.
//
// # Threat model
//
// The adversary is an agent that can write anything in the workspace,
// the journal directory included, and run dos. What it can and cannot hide:
//
//   - Unkeyed (the default). The chain catches any edit, deletion,
//     insertion or reordering made without recomputing hashes, and the
//     readers catch missing or swapped segments. The chain is public
//     arithmetic, though: an agent that edits a record and recomputes
//     every later hash with the canonicalisation above gets a chain that
//     verifies. What it cannot rewrite is what lives outside its reach:
//     an export cursor remembers the id and hash of the last record it
//     delivered (CheckCursor: export refuses, verify reports, prune
//     refuses), and an exported copy kept elsewhere (the file exporter's
//     output) names the first record that differs (Compare, `dos journal
//     verify --against`). A rewrite of records after the last export, or
//     of a journal never exported, is not detectable in this mode; nor is
//     deleting the whole directory.
//   - Keyed (Options.Key; DOS_JOURNAL_KEY_FILE names a key outside the
//     workspace that the agent cannot read; dos refuses one inside it or
//     readable by others). Every commit first makes a checkpoint durable:
//     an HMAC over the batch's seqs and its last hash, which chains every
//     record before it. A rewritten record fails its checkpoint even
//     re-chained; records appended without the key, checkpoints deleted
//     from the start or the middle, and a record rewritten after its
//     checkpoints were deleted from the end all show as a break in the
//     checkpoints' cover. What keyed mode cannot show from the journal
//     directory alone: the newest records deleted together with their
//     checkpoints (cut back to an earlier batch boundary), and the whole
//     directory deleted (verify then sees keyed mode start afresh at the
//     next append and reports keyed_from); export cursors and copies
//     catch those. The key protects nothing from an agent that can read
//     it: run the hooks as another user, or keep the key where the
//     agent's sandbox cannot reach.
//   - Caches. LEASES.snapshot is not a record: the hooks trust it while it
//     names a record the journal still holds, so an agent could edit it to
//     hide another run's lease from them. `dos journal verify` folds the
//     records up to its seq and reports a snapshot that says otherwise
//     (DerivedFinding), in either mode.
package journal
