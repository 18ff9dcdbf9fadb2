#!/usr/bin/env python3
"""Time threadscope against the peer WhatsApp parsers on the same files.

Usage:
    python3 benches/compare.py [--sizes 20,100] [--runs 3] [--workdir /tmp/threadscope-compare]
                               [--skip-install] [--no-build] [--tools threadscope,whatstk,chat-miner,whatsapp-chat-parser,ripgrep]

What it does, one step after the other (nothing runs concurrently, so the
figures do not disturb each other):
  1. builds threadscope and the corpus generator (cargo build --release;
     `--no-build` uses the binaries already in target/release);
  2. generates deterministic WhatsApp exports of the given sizes in MB with
     `examples/gen.rs` (seed 1), which prints the true message and author counts;
  3. installs the peers into the work folder only: whatstk and chat-miner
     from PyPI into a virtualenv (or, when `venv` has no ensurepip, with
     `pip install --target` into the work folder), whatsapp-chat-parser from npm;
  4. runs every tool on every file `--runs` times, records wall seconds and
     peak resident memory (wait4's ru_maxrss of that one child, spawned by a
     fresh minimal launcher so this script's own memory is not charged to it;
     see LAUNCHER), and checks
     that each tool reports the true number of messages and authors and the
     true latest timestamp (which shows the dates were read day first);
  5. prints a Markdown table: tool, file, seconds (best of runs), MB/s,
     peak memory, messages, authors, latest timestamp, and what, if anything,
     differs from the truth; then one line with the versions of every tool.
A ripgrep line count of the header lines is the ceiling row, when `rg` is on PATH.

Every peer driver prints `<messages> <authors> <latest YYYY-MM-DDTHH:MM>`,
optionally followed by notes (`key=value`) that are shown in the table.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# whatstk (PyPI `whatstk`): df_from_whatsapp(path, hformat=...) returns a pandas
# DataFrame with columns date, username, message. The header is given
# explicitly (day first, 4-digit year, 24h). Its default max_size refuses any
# file over 50 MB, so the limit is lifted for the larger corpora.
WHATSTK = """
import sys
from whatstk import df_from_whatsapp
df = df_from_whatsapp(sys.argv[1], hformat="%d/%m/%Y, %H:%M - %name:", max_size=None)
print(len(df), df["username"].nunique(), df["date"].max().strftime("%Y-%m-%dT%H:%M"))
"""

# chat-miner (PyPI `chat-miner`, module `chatminer`): WhatsAppParser(path).parse_file(),
# then parsed_messages.get_df() returns a *polars* DataFrame (timestamp, author,
# message). It has no date-format option: it infers day-first from the first
# day number above 12 (and falls back to day first), so the driver reports what
# it inferred. Messages without "Author: " are dropped as system messages.
CHATMINER = """
import sys, logging
logging.disable(logging.CRITICAL)
from chatminer.chatparsers import WhatsAppParser
p = WhatsAppParser(sys.argv[1])
p.parse_file()
df = p.parsed_messages.get_df()
dropped = len(p._raw_messages) - df.height
notes = [] if p._datefmt.is_dayfirst else ["inferred=month-first"]
if dropped:
    notes.append(f"dropped={dropped}")
print(df.height, df["author"].n_unique(), df["timestamp"].max().strftime("%Y-%m-%dT%H:%M"), *notes)
"""

# whatsapp-chat-parser (npm): an ES module with a CommonJS build
# (exports.require -> dist/index.cjs), so `require` works. parseString(text,
# {daysFirst, parseAttachments}) is synchronous (v4; v3 called it
# parseStringSync) and returns {date, author, message}; system messages have
# author null. Dates are built in the local time zone, so the driver runs with
# TZ=UTC (no daylight-saving gaps) and prints local fields.
WHATSAPP_CHAT_PARSER = """
const fs = require('fs');
const { parseString } = require('whatsapp-chat-parser');
const messages = parseString(fs.readFileSync(process.argv[2], 'utf8'), { daysFirst: true });
const users = messages.filter(m => m.author !== null);
const pad = n => String(n).padStart(2, '0');
let latest = null;
for (const m of users) if (latest === null || m.date > latest) latest = m.date;
const stamp = latest === null ? '-' : `${latest.getFullYear()}-${pad(latest.getMonth() + 1)}-${pad(latest.getDate())}T${pad(latest.getHours())}:${pad(latest.getMinutes())}`;
const notes = messages.length > users.length ? [`system=${messages.length - users.length}`] : [];
console.log(users.length, new Set(users.map(m => m.author)).size, stamp, ...notes);
"""

HEADER = re.compile(rb"^(\d\d)/(\d\d)/(\d{4}), (\d\d):(\d\d) - ", re.M)


def latest_header(path):
    """The timestamp of the last header line, as YYYY-MM-DDTHH:MM (read from the end)."""
    with open(path, "rb") as f:
        size = f.seek(0, 2)
        n = 1 << 16
        while True:
            start = max(0, size - n)
            f.seek(start)
            chunk = f.read()
            if start > 0:
                chunk = chunk[chunk.find(b"\n") + 1:]
            hits = list(HEADER.finditer(chunk))
            if hits:
                d, m, y, hh, mm = (g.decode() for g in hits[-1].groups())
                return f"{y}-{m}-{d}T{hh}:{mm}"
            if start == 0:
                return None
            n *= 4


# Linux carries the spawning process's peak RSS into the child at exec (the
# child's ru_maxrss starts at the parent's high-water mark), so a tool spawned
# straight from this script would be charged with this script's own peak. Each
# run is therefore spawned by a fresh, minimal Python (`-I -S`), which writes
# the tool's output to files and reports seconds and wait4's ru_maxrss; any
# figure below that launcher's own size (the "floor", printed at the end) is
# the floor, not the tool.
LAUNCHER = """
import os, sys, time
out, err, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
acts = [(os.POSIX_SPAWN_OPEN, 1, out, flags, 0o644), (os.POSIX_SPAWN_OPEN, 2, err, flags, 0o644)]
start = time.perf_counter()
pid = os.posix_spawnp(cmd[0], cmd, os.environ, file_actions=acts)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
import json
print(json.dumps({"seconds": seconds, "maxrss_kib": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status)}))
"""


def measured(cmd, out_path, cwd=None, env=None):
    """Run cmd with stdout to out_path; return (seconds, peak RSS of that child in MiB from wait4,
    exit code, last line of stderr)."""
    err_path = Path(str(out_path) + ".err")
    launch = subprocess.run([sys.executable, "-I", "-S", "-c", LAUNCHER, str(out_path), str(err_path), *cmd],
                            cwd=cwd, env=env, capture_output=True, text=True)
    if launch.returncode != 0:
        return None, 0.0, launch.returncode, (launch.stderr.strip().splitlines() or ["launcher failed"])[-1]
    r = json.loads(launch.stdout)
    lines = err_path.read_text("utf-8", "replace").strip().splitlines()
    err_path.unlink()
    errors = [l.strip() for l in lines if "Error" in l or "error" in l]
    return r["seconds"], r["maxrss_kib"] / 1024.0, r["code"], (errors or lines or [""])[-1]


def sh(cmd, cwd=None, **kw):
    print("+", " ".join(str(c) for c in cmd), file=sys.stderr)
    return subprocess.run([str(c) for c in cmd], cwd=cwd, check=True, **kw)


def python_setup(work, pkgs, install):
    """A Python (command, environment) that can import pkgs, installed under work only."""
    venv, target = work / "venv", work / "pylib"
    if install and pkgs:
        try:
            sh([sys.executable, "-m", "venv", venv])
            sh([venv / "bin/python", "-m", "pip", "install", "--quiet", *pkgs])
        except subprocess.CalledProcessError:
            print("venv failed (no ensurepip?); installing with pip --target instead", file=sys.stderr)
            shutil.rmtree(venv, ignore_errors=True)
            sh([sys.executable, "-m", "pip", "install", "--quiet", "--target", target, *pkgs])
    if (venv / "bin/python").exists():
        return str(venv / "bin/python"), None
    return sys.executable, {**os.environ, "PYTHONPATH": str(target)}


def versions(py, py_env, node_dir, tools, threadscope):
    out = {}
    ver = subprocess.run([str(threadscope), "--version"], capture_output=True, text=True).stdout.split()
    git = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    built = time.strftime("%Y-%m-%d %H:%M", time.localtime(Path(threadscope).stat().st_mtime))
    out["threadscope"] = f"{ver[-1] if ver else '?'} (tree git {git or '?'}, binary built {built})"
    pkgs = [p for p in ("whatstk", "chat-miner") if p in tools] + ["pandas", "polars"]
    if any(p in tools for p in ("whatstk", "chat-miner")):
        show = subprocess.run([py, "-m", "pip", "show", *pkgs], env=py_env, capture_output=True, text=True).stdout
        names = re.findall(r"^Name: (.+)$", show, re.M)
        vers = re.findall(r"^Version: (.+)$", show, re.M)
        out.update(zip(names, vers))
        out["python"] = subprocess.run([py, "-c", "import platform; print(platform.python_version())"],
                                       env=py_env, capture_output=True, text=True).stdout.strip()
    if "whatsapp-chat-parser" in tools:
        ls = subprocess.run(["npm", "ls", "--json", "--depth=0", "--prefix", str(node_dir)], capture_output=True, text=True)
        deps = json.loads(ls.stdout or "{}").get("dependencies", {})
        out["whatsapp-chat-parser"] = deps.get("whatsapp-chat-parser", {}).get("version", "?")
        out["node"] = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    if "ripgrep" in tools and shutil.which("rg"):
        out["ripgrep"] = subprocess.run(["rg", "--version"], capture_output=True, text=True).stdout.split()[1]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="20,100")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workdir", default="/tmp/threadscope-compare")
    ap.add_argument("--skip-install", action="store_true")
    ap.add_argument("--no-build", action="store_true", help="use the binaries already in target/release")
    ap.add_argument("--tools", default="threadscope,whatstk,chat-miner,whatsapp-chat-parser,ripgrep")
    args = ap.parse_args()
    work = Path(args.workdir).resolve()
    work.mkdir(parents=True, exist_ok=True)
    tools = args.tools.split(",")

    if not args.no_build:
        sh(["cargo", "build", "--release", "--bin", "threadscope", "--example", "gen"], cwd=ROOT)
    threadscope = ROOT / "target/release/threadscope"
    gen = ROOT / "target/release/examples/gen"
    for binary in (threadscope, gen):
        if not binary.exists():
            sys.exit(f"{binary} is missing: build it (drop --no-build)")

    files = []
    for size in args.sizes.split(","):
        path = work / f"whatsapp-{size}mb.txt"
        proc = sh([gen, "--format", "whatsapp", "--mb", size, "--seed", "1", "--authors", "2000", "--out", path],
                  capture_output=True, text=True)
        truth = json.loads(proc.stderr.strip().splitlines()[-1])
        truth["latest"] = latest_header(path)
        files.append((path, truth))

    node_dir = work / "node"
    pkgs = [p for p in ("whatstk", "chat-miner") if p in tools]
    py, py_env = python_setup(work, pkgs, not args.skip_install)
    if "whatsapp-chat-parser" in tools:
        node_dir.mkdir(exist_ok=True)
        if not args.skip_install:
            sh(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", node_dir, "whatsapp-chat-parser"])
    (work / "whatstk_run.py").write_text(WHATSTK)
    (work / "chatminer_run.py").write_text(CHATMINER)
    node_dir.mkdir(exist_ok=True)
    (node_dir / "wcp_run.js").write_text(WHATSAPP_CHAT_PARSER)

    def commands(path):
        # (name, command, how to read its output, working directory, environment)
        if "threadscope" in tools:
            yield "threadscope parse --format jsonl", [str(threadscope), "parse", "--format", "jsonl", "-q", str(path)], "jsonl", None, None
            yield "threadscope summary", [str(threadscope), "summary", "--format", "json", "-q", str(path)], "summary", None, None
        if "whatstk" in tools:
            yield "whatstk", [py, str(work / "whatstk_run.py"), str(path)], "pair", None, py_env
        if "chat-miner" in tools:
            yield "chat-miner", [py, str(work / "chatminer_run.py"), str(path)], "pair", None, py_env
        if "whatsapp-chat-parser" in tools:
            yield "whatsapp-chat-parser", ["node", str(node_dir / "wcp_run.js"), str(path)], "pair", node_dir, {**os.environ, "TZ": "UTC"}
        if "ripgrep" in tools and shutil.which("rg"):
            yield "ripgrep (header line count)", ["rg", "-c", r"^\d\d/\d\d/\d{4}, \d\d:\d\d - ", str(path)], "count", None, None

    def read(kind, out_path):
        """(messages, authors or None, latest or None, notes) from one tool's output file."""
        if kind == "jsonl":  # streamed: the output is several times the input
            n, authors, latest = 0, set(), None
            with open(out_path, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        c = json.loads(line)
                        n += 1
                        authors.add(c["author"])
                        stamp = (c.get("timestamp") or "")[:16]
                        if stamp and (latest is None or stamp > latest):
                            latest = stamp
            return n, len(authors), latest, []
        out = Path(out_path).read_text("utf-8", "replace")
        if kind == "summary":
            s = json.loads(out)
            return s["comments"], s["participants"], (s.get("last") or "")[:16] or None, []
        if kind == "pair":
            m, a, latest, *notes = out.split()
            return int(m), int(a), latest, notes
        return int(out.strip() or 0), None, None, []

    rows = []
    for path, truth in files:
        mb = path.stat().st_size / 1e6
        for name, cmd, kind, cwd, env in commands(path):
            best, peak, result, failure = None, 0.0, None, None
            out_path = work / "tool-output"
            for _ in range(args.runs):
                seconds, rss, code, err = measured(cmd, out_path, cwd=cwd, env=env)
                if code != 0:
                    failure = f"failed: exit {code}: {err}"[:200]
                    break
                try:
                    result = read(kind, out_path)
                except (ValueError, KeyError) as e:
                    failure = f"unreadable output ({e})"
                    break
                best = seconds if best is None else min(best, seconds)
                peak = max(peak, rss)
            if failure:
                result, check = None, failure
            else:
                m, a, latest, notes = result
                diffs = []
                if m != truth["comments"]:
                    diffs.append(f"messages {m} vs true {truth['comments']}")
                if a is not None and a != truth["authors"]:
                    diffs.append(f"authors {a} vs true {truth['authors']}")
                if latest is not None and latest != truth["latest"]:
                    diffs.append(f"latest {latest} vs true {truth['latest']}")
                check = ("MISMATCH: " + "; ".join(diffs)) if diffs else "match"
                if notes:
                    check += " (" + ", ".join(notes) + ")"
            out_path.unlink(missing_ok=True)
            rows.append((name, path.name, mb, best, peak, result, check))
            print(f"{name:32} {path.name:22} {best or float('nan'):8.3f}s {peak:8.1f} MiB {result} {check}",
                  file=sys.stderr)

    print()
    print("| tool | file | seconds (best of %d) | MB/s | peak memory (MiB) | messages | authors | latest | check |" % args.runs)
    print("|---|---|---:|---:|---:|---:|---:|---|---|")
    for name, fname, mb, best, peak, result, check in rows:
        speed = f"{mb / best:.1f}" if best else "-"
        secs = f"{best:.3f}" if best else "-"
        msgs, auth, latest = (("-" if v is None else v) for v in (result[:3] if result else (None,) * 3))
        mem = f"{peak:.0f}" if best else "-"
        print(f"| {name} | {fname} | {secs} | {speed} | {mem} | {msgs} | {auth} | {latest} | {check} |")
    print()
    print("Truth: " + "; ".join(f"{p.name} {t['bytes']} bytes, {t['comments']} messages, {t['authors']} authors, "
                                f"latest {t['latest']}" for p, t in files))
    _, floor, _, _ = measured(["true"], work / "tool-output")
    (work / "tool-output").unlink(missing_ok=True)
    print(f"Peak memory is wait4's ru_maxrss of each run's process (max over runs); "
          f"the launcher's floor is {floor:.0f} MiB (what `true` reports).")
    print("Versions: " + ", ".join(f"{k} {v}" for k, v in versions(py, py_env, node_dir, tools, threadscope).items()))


if __name__ == "__main__":
    main()
