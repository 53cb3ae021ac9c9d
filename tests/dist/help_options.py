#!/usr/bin/env python3
"""Prints every command and option the gongkai CLI shows in its --help, one per line:
"COMMAND OPTION" ("" COMMAND = global options; positionals by name). Read from `gongkai --help` and
`gongkai <command> --help` only, so a test comparing this with a generated file checks the file
against what the parser says, not against the generator.
Usage: help_options.py GONGKAI"""
import re
import subprocess
import sys

gongkai = sys.argv[1]


def help_of(*args):
    return subprocess.run([gongkai, *args, "--help"], capture_output=True, text=True, check=True).stdout


def sections(text):
    """{"Options": [lines], "Subcommands": [...], "Positionals": [...]}"""
    out, current = {}, None
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z]+):\s*$", line)
        if m:
            current = m.group(1).capitalize()
            out[current] = []
        elif not line.strip():
            current = None  # a section ends at a blank line (the footer is not options)
        elif current and line.startswith("  "):
            out[current].append(line)
    return out


def options_of(text):
    names = []
    s = sections(text)
    for line in s.get("Options", []):
        m = re.match(r"^  (-[^ ]+)", line)
        if not m:
            continue
        for name in m.group(1).split(","):
            if name not in ("-h", "--help"):
                names.append(name)
    for line in s.get("Positionals", []):
        m = re.match(r"^  ([a-z][a-z_-]*) ", line)
        if m:
            names.append(m.group(1))
    return names


root = help_of()
commands = []
for line in sections(root).get("Subcommands", []):
    m = re.match(r"^  ([a-z][a-z-]*)\s", line)
    if m:
        commands.append(m.group(1))
if not commands:
    sys.exit("no commands found in gongkai --help")
for name in options_of(root):
    print("", name)
for command in commands:
    print(command, "")
    for name in options_of(help_of(command)):
        print(command, name)
