// Package vocab is dos's vocabulary, pure: the record kinds and syscall
// names, every verb's verdict tokens with their exit codes and classes
// (ok, warn, fail, info), the reason codes, the detail structs records
// carry and views decode, and the pure classifiers (evidence and policy
// in, Verdict out). It does no I/O: kernel gathers evidence and appends,
// projections fold, exporters and notifiers map to the wire, and all of
// them read the same names from here.
package vocab
