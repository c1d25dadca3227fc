// Package shell reads a shell command line the way bash would, without
// running anything: it parses the line once (mvdan.cc/sh/v3/syntax, bash
// grammar) and lists every simple command the line can run, wherever it
// sits — in lists and pipelines, if/for/while/until/case bodies, { } and
// ( ), function bodies, after !, time and coproc, inside $(…), `…`, <(…)
// and >(…), in assignments, redirection targets and parameter expansions —
// and, recursively, the commands of the string a shell is handed with -c
// (bash -c 'STRING', sudo sh -c …, su -c …, env -S …) and the operands of
// find -exec. It is pure: no process, file or network I/O.
//
// # The walk
//
// Parse returns a Script: Commands in source order, each nested command
// right after the command it came from (Parent, Depth), and Redirects,
// every redirection in the line including those on compound commands
// ({ a; b; } > log). A Command holds
//
//	Assigns   the NAME=value words before it
//	Args      its words; Word.Literal is true when the word is exactly
//	          Word.Value after quote removal (no $…, `…`, glob or brace)
//	Redirs    the redirections written on that command itself
//	Prog      the index in Args of the program that runs after the exec
//	          wrappers are skipped (env, sudo, doas, nice, nohup, time,
//	          timeout, command, exec, xargs, stdbuf, setsid, ionice, …,
//	          each with its own options), or -1
//	Wrappers  the indexes in Args of the wrapper words skipped
//
// so a consumer classifies Args[Prog] and looks at Args[Prog+1:] for its
// operands. Issue 12's pre-tool footprint (the paths a Bash command
// writes) is such a consumer: the targets of every Redirect whose Writes
// is set (>, >>, >|, &>, &>>, <>, and >& naming a file), plus, per
// Command, the operands of the program it runs — tee's files, cp/mv/ln/
// install's last operand (or -t DIR), sed -i's files, rm, touch, mkdir,
// truncate, dd of=… — read from Args[Prog+1:] with Literal telling an
// exact path from one the shell computes at run time (which a footprint
// must treat as unknown).
//
// A line that does not parse is an error; callers that judge safety must
// fail closed on it.
package shell
