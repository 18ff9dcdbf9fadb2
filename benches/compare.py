#!/usr/bin/env python3
"""Time threadscope against the peer WhatsApp parsers on the same files.

Usage:
    python3 benches/compare.py [--sizes 20,100] [--runs 3] [--workdir /tmp/threadscope-compare]
                               [--skip-install] [--tools threadscope,whatstk,chat-miner,whatsapp-chat-parser,ripgrep]

What it does, one step after the other (nothing runs concurrently, so the
figures do not disturb each other):
  1. builds threadscope and the corpus generator (cargo build --release);
  2. generates deterministic WhatsApp exports of the given sizes in MB with
     `examples/gen.rs` (seed 1), which prints the true message and author counts;
  3. installs the peers into the work folder only: whatstk and chat-miner
     from PyPI into a virtualenv, whatsapp-chat-parser from npm;
  4. runs every tool on every file `--runs` times, records wall seconds and
     peak resident memory (from wait4's rusage of that one child), and checks
     that each tool reports the true number of messages and authors;
  5. prints a Markdown table: tool, file, seconds (best of runs), MB/s,
     peak memory, messages, authors, and whether the counts match.
A ripgrep line count of the header lines is the ceiling row, when `rg` is on PATH.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WHATSTK = """
import sys
from whatstk import df_from_whatsapp
df = df_from_whatsapp(sys.argv[1], hformat="%d/%m/%Y, %H:%M - %name:")
print(len(df), df["username"].nunique())
"""

CHATMINER = """
import sys, logging
logging.disable(logging.CRITICAL)
from chatminer.chatparsers import WhatsAppParser
p = WhatsAppParser(sys.argv[1])
p.parse_file()
df = p.parsed_messages.get_df()
print(len(df), df["author"].nunique())
"""

WHATSAPP_CHAT_PARSER = """
const fs = require('fs');
(async () => {
  const mod = await import('whatsapp-chat-parser');
  const parseString = mod.parseString || (mod.default && mod.default.parseString);
  const messages = parseString(fs.readFileSync(process.argv[2], 'utf8'));
  const withAuthor = messages.filter(m => m.author);
  console.log(withAuthor.length, new Set(withAuthor.map(m => m.author)).size);
})();
"""


def measured(cmd, cwd=None):
    """Run cmd; return (seconds, peak RSS of that child in MiB from wait4, stdout, exit code)."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=devnull)
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024.0, out.decode("utf-8", "replace"), code


def sh(cmd, cwd=None):
    print("+", " ".join(str(c) for c in cmd), file=sys.stderr)
    subprocess.run(cmd, cwd=cwd, check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="20,100")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workdir", default="/tmp/threadscope-compare")
    ap.add_argument("--skip-install", action="store_true")
    ap.add_argument("--tools", default="threadscope,whatstk,chat-miner,whatsapp-chat-parser,ripgrep")
    args = ap.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    tools = args.tools.split(",")

    sh(["cargo", "build", "--release", "--bin", "threadscope", "--example", "gen"], cwd=ROOT)
    threadscope = ROOT / "target/release/threadscope"
    gen = ROOT / "target/release/examples/gen"

    files = []
    for size in args.sizes.split(","):
        path = work / f"whatsapp-{size}mb.txt"
        proc = subprocess.run([str(gen), "--format", "whatsapp", "--mb", size, "--seed", "1",
                               "--authors", "2000", "--out", str(path)],
                              check=True, capture_output=True, text=True)
        truth = json.loads(proc.stderr.strip().splitlines()[-1])
        files.append((path, truth))

    python = sys.executable
    venv = work / "venv"
    node_dir = work / "node"
    if not args.skip_install:
        if "whatstk" in tools or "chat-miner" in tools:
            sh([python, "-m", "venv", str(venv)])
            pkgs = [p for t, p in (("whatstk", "whatstk"), ("chat-miner", "chat-miner")) if t in tools]
            sh([str(venv / "bin/pip"), "install", "--quiet", *pkgs])
        if "whatsapp-chat-parser" in tools:
            node_dir.mkdir(exist_ok=True)
            sh(["npm", "install", "--silent", "--prefix", str(node_dir), "whatsapp-chat-parser"])
    (work / "whatstk_run.py").write_text(WHATSTK)
    (work / "chatminer_run.py").write_text(CHATMINER)
    (node_dir / "wcp_run.js").parent.mkdir(exist_ok=True)
    (node_dir / "wcp_run.js").write_text(WHATSAPP_CHAT_PARSER)

    def commands(path):
        yield "threadscope parse --format jsonl", [str(threadscope), "parse", "--format", "jsonl", "-q", str(path)], "jsonl"
        yield "threadscope summary", [str(threadscope), "summary", "--format", "json", "-q", str(path)], "summary"
        if "whatstk" in tools:
            yield "whatstk", [str(venv / "bin/python"), str(work / "whatstk_run.py"), str(path)], "pair"
        if "chat-miner" in tools:
            yield "chat-miner", [str(venv / "bin/python"), str(work / "chatminer_run.py"), str(path)], "pair"
        if "whatsapp-chat-parser" in tools:
            yield "whatsapp-chat-parser", ["node", str(node_dir / "wcp_run.js"), str(path)], "pair"
        if "ripgrep" in tools and shutil.which("rg"):
            yield "ripgrep (header line count)", ["rg", "-c", r"^\d\d/\d\d/\d{4}, \d\d:\d\d - ", str(path)], "count"

    rows = []
    for path, truth in files:
        mb = path.stat().st_size / 1e6
        for name, cmd, kind in commands(path):
            best, peak, counts = None, 0.0, None
            for _ in range(args.runs):
                seconds, rss, out, code = measured(cmd, cwd=node_dir if "node" in cmd[0] else None)
                if code != 0:
                    counts = ("failed", f"exit {code}")
                    break
                best = seconds if best is None else min(best, seconds)
                peak = max(peak, rss)
                if kind == "jsonl":
                    lines = [json.loads(l) for l in out.splitlines() if l.strip()]
                    counts = (len(lines), len({l["author"] for l in lines}))
                elif kind == "summary":
                    s = json.loads(out)
                    counts = (s["comments"], s["participants"])
                elif kind == "pair":
                    m, a = out.split()[:2]
                    counts = (int(m), int(a))
                else:
                    counts = (int(out.strip() or 0), None)
            ok = counts is not None and counts[0] == truth["comments"] and counts[1] in (truth["authors"], None)
            rows.append((name, path.name, mb, best, peak, counts, ok))
            print(f"{name:32} {path.name:22} {best if best else float('nan'):8.3f}s {peak:8.1f} MiB {counts} {'ok' if ok else 'MISMATCH'}",
                  file=sys.stderr)

    print("| tool | file | seconds (best of %d) | MB/s | peak memory (MiB) | messages | authors | counts |" % args.runs)
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for name, fname, mb, best, peak, counts, ok in rows:
        speed = f"{mb / best:.1f}" if best else "-"
        secs = f"{best:.3f}" if best else "-"
        msgs = counts[0] if counts else "-"
        auth = counts[1] if counts and counts[1] is not None else "-"
        print(f"| {name} | {fname} | {secs} | {speed} | {peak:.0f} | {msgs} | {auth} | {'match' if ok else 'MISMATCH'} |")


if __name__ == "__main__":
    main()
