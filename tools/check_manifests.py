#!/usr/bin/env python3
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
"""Validates FF-A partition manifests and SPMC manifests with dt-schema.

Usage: tools/check_manifests.py [--out DIR] [FILE.dts ...]

With no FILE, checks every .dts of the tree (tracked or untracked, not
ignored) whose root `compatible` is "arm,ffa-manifest-*" or
"arm,ffa-core-manifest-*", except those under test/data/bad_manifests/,
which are meant to fail and are only checked when named. A FILE given on the
command line is always checked. The bindings in docs/bindings/ are checked
with dt-doc-validate, and their examples are validated like manifests.

Prints one line per error, `<file>: <node path>: <property>: <message>`,
then a summary, and exits with 1 if there was any error (2 if a tool is
missing). Intermediate files go under out/check_manifests/.

How the tools are used (Debian's dt-schema 2022.08 and dtc):
- dt-validate checks property types only on dtc's YAML output, so each
  manifest is compiled with `dtc -O yaml` (after `cpp` if it uses #include
  or #define). It always exits 0, so its output is parsed; any line this
  script does not understand is reported as an error, never dropped.
- dt-validate prints a node's name, not its path. With `-n` it prints the
  YAML line of each error, which is mapped back to the node path with the
  same YAML file.
- The processed schema is built with `dt-mk-schema -u` from dt-schema's own
  core schemas plus docs/bindings/, leaving out two core schemas that
  describe the tree a kernel boots from, not a firmware manifest:
  root-node.yaml (it requires `model`, `#address-cells` and `#size-cells` at
  the root, which a partition manifest does not have) and memory.yaml (it
  requires every `memory@` node to be `device_type = "memory"`, while the
  SPMC manifest also has "ns-memory", "device-memory" and
  "ns-device-memory" nodes). Our bindings state the rules for those nodes
  instead. Leaving the two schemas out, rather than filtering their errors
  afterwards, means no error text is matched to hide anything, and every
  other core rule (node and property names, standard property types,
  /cpus, `reg` sizes) still applies. The processed schema is used for
  manifests only, so nothing else loses those two rules.
- An SPMC manifest is also compiled to a DTB, which must fit in the single
  4 KiB page TF-A's SPMD maps for TOS_FW_CONFIG.
"""

import argparse
import importlib.util
import os
import re
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINDINGS = os.path.join(ROOT, "docs", "bindings")
BAD_DIR = "test/data/bad_manifests/"
# Core schemas left out of the processed schema; see the module comment.
CORE_EXCLUDED = ("root-node.yaml", "memory.yaml")
PARTITION_PREFIX = "arm,ffa-manifest-"
CORE_PREFIX = "arm,ffa-core-manifest-"
TOS_FW_CONFIG_MAX = 4096
# FF-A device-region `interrupts` are (ID, attributes) pairs, not interrupt
# specifiers of an interrupt parent, so dtc's check for one does not apply.
DTC_FLAGS = ["-W", "no-interrupts_property"]
# Why a property is refused by a `false` schema of a conditional rule.
FALSE_SCHEMA_HINTS = {
    "services": "the `services` node needs compatible "
    '"arm,ffa-manifest-1.1"',
    "uuid": "a root `uuid` is not allowed together with a `services` node",
    "messaging-method": "a root `messaging-method` is not allowed together "
    "with a `services` node",
    "status": "the SPMC does not read `status`: a disabled node would "
    "still be used",
    "secure-status": "the SPMC does not read `secure-status`: a disabled "
    "node would still be used",
}


class Job:
    """One manifest to validate: its displayed name, source and YAML."""

    def __init__(self, name, src):
        self.name = name
        self.src = src
        self.yaml = None
        self.index = None

    def node(self, path):
        """The YAML mapping node of the DT node at `path`, or None."""
        return self.index[path][2] if path in self.index else None


class Checker:
    """Runs the tools and collects errors as (file, node, property, msg)."""

    def __init__(self, out):
        self.out = out
        self.errors = []

    def error(self, name, node, prop, msg):
        entry = (name, node or "-", prop or "-", msg)
        if entry not in self.errors:
            self.errors.append(entry)

    def run(self, cmd):
        """Runs `cmd`; returns (exit status, stdout and stderr)."""
        try:
            res = subprocess.run(cmd, capture_output=True, text=True,
                                 check=False)
        except FileNotFoundError:
            print(f"check_manifests: {cmd[0]} not found (Debian packages "
                  "dt-schema, device-tree-compiler and cpp)", file=sys.stderr)
            sys.exit(2)
        return res.returncode, res.stdout + res.stderr


def rel(path):
    """`path` relative to the repository if inside it, else absolute."""
    path = os.path.abspath(path)
    if path.startswith(ROOT + os.sep):
        return os.path.relpath(path, ROOT)
    return path


def out_file(out, name, suffix):
    """A file under `out` named after the source `name`."""
    flat = re.sub(r"[^A-Za-z0-9,._-]+", "_", name.lstrip("/"))
    return os.path.join(out, flat + suffix)


def core_schema_dir():
    """The core schemas shipped inside the `dtschema` Python package."""
    spec = importlib.util.find_spec("dtschema")
    if spec is None or spec.origin is None:
        print("check_manifests: the dtschema Python package is missing "
              "(Debian package dt-schema)", file=sys.stderr)
        sys.exit(2)
    return os.path.join(os.path.dirname(spec.origin), "schemas")


def binding_files():
    return sorted(os.path.join(BINDINGS, f) for f in os.listdir(BINDINGS)
                  if f.endswith(".yaml"))


def split_blocks(lines, starts):
    """Groups output lines into blocks, each opened by a line for which
    `starts` is true; indented lines continue the current block."""
    blocks = []
    for line in lines:
        if not line.strip():
            continue
        if blocks and (line.startswith("\t") or not starts(line)):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def check_bindings(ck):
    """dt-doc-validate on each binding; whatever it prints is an error."""
    for path in binding_files():
        _, text = ck.run(["dt-doc-validate", "-u", BINDINGS, path])
        for block in split_blocks(text.splitlines(), lambda l: True):
            msg = " ".join(l.strip() for l in block)
            for name in (os.path.abspath(path), path):
                msg = re.sub("^" + re.escape(name) + r":(\d+:\d+:)? *", "",
                             msg)
            ck.error(rel(path), "-", "-", msg)


def make_schema(ck):
    """Builds the processed schema (see the module comment); returns its
    path. Whatever dt-mk-schema prints, e.g. a binding it had to ignore,
    is an error."""
    files = []
    for top, _, names in os.walk(core_schema_dir()):
        files += [os.path.join(top, n) for n in names
                  if n.endswith(".yaml") and n not in CORE_EXCLUDED]
    schema = os.path.join(ck.out, "processed-schema.json")
    status, text = ck.run(["dt-mk-schema", "-j", "-u", "-o", schema] +
                          sorted(files) + [BINDINGS + "/"])
    for line in text.splitlines():
        if line.strip():
            ck.error("dt-mk-schema", "-", "-", line.strip())
    if status != 0:
        ck.error("dt-mk-schema", "-", "-", f"exited with {status}")
    return schema


def example_jobs(ck):
    """Each example of each binding, as a manifest of its own."""
    jobs = []
    for path in binding_files():
        with open(path, encoding="utf-8") as f:
            try:
                examples = yaml.safe_load(f).get("examples", [])
            except yaml.YAMLError:
                continue  # dt-doc-validate reports it.
        for i, text in enumerate(examples):
            name = f"{rel(path)}[example {i + 1}]"
            dts = out_file(ck.out, name, ".dts")
            with open(dts, "w", encoding="utf-8") as f:
                f.write("/dts-v1/;\n" + text)
            jobs.append(Job(name, dts))
    return jobs


def discover():
    """Every .dts of the tree, tracked or untracked but not ignored."""
    res = subprocess.run(["git", "-C", ROOT, "ls-files", "-z", "--cached",
                          "--others", "--exclude-standard", "--", "*.dts"],
                         capture_output=True, text=True, check=False)
    if res.returncode == 0:
        paths = [p for p in res.stdout.split("\0") if p]
    else:
        paths = []
        for top, dirs, names in os.walk(ROOT):
            dirs[:] = [d for d in dirs if d not in (".git", "out")]
            paths += [os.path.relpath(os.path.join(top, n), ROOT)
                      for n in names if n.endswith(".dts")]
    keep = []
    for path in sorted(set(paths)):
        full = os.path.join(ROOT, path)
        if path.startswith(BAD_DIR) or not os.path.isfile(full):
            continue
        with open(full, encoding="utf-8", errors="replace") as f:
            text = f.read()
        if PARTITION_PREFIX in text or CORE_PREFIX in text:
            keep.append(Job(path, full))
    return keep


def dtc_errors(ck, job, text):
    """Reports dtc's and cpp's messages; warnings count as errors."""
    for line in text.splitlines():
        line = line.strip()
        # A check skipped because another one failed adds nothing.
        if not line or "Failed prerequisite" in line:
            continue
        m = re.match(r"(?:.*?:(\d+)\.\d+(?:-[\d.]+)?: )?"
                     r"(?:Warning|Error|ERROR) \(([\w-]+)\): "
                     r"(/[^:\s]*)(?::([^:\s]+))?: (.*)", line)
        syntax = re.match(r"Error: .*?:(\d+)\.[\d.-]+ (.*)$", line)
        if m:
            where = f" (dts line {m.group(1)})" if m.group(1) else ""
            ck.error(job.name, m.group(3), m.group(4),
                     f"dtc {m.group(2)}: {m.group(5)}{where}")
        elif syntax:
            ck.error(job.name, "-", "-",
                     f"dtc: {syntax.group(2)} (dts line {syntax.group(1)})")
        else:
            ck.error(job.name, "-", "-", line)


def compile_job(ck, job, explicit):
    """Compiles `job` to YAML. Returns True if it is an FF-A manifest to
    validate. A file found in the tree that turns out not to be one is
    skipped silently; a file named on the command line is an error."""
    with open(job.src, encoding="utf-8", errors="replace") as f:
        text = f.read()
    src = job.src
    incdir = os.path.dirname(os.path.abspath(job.src))
    if needs_cpp(text):
        src = out_file(ck.out, job.name, ".pp.dts")
        status, msg = ck.run(["cpp", "-nostdinc", "-undef", "-x",
                              "assembler-with-cpp", "-I", incdir, "-o", src,
                              job.src])
        if status != 0:
            dtc_errors(ck, job, msg)
            return False
    job.yaml = out_file(ck.out, job.name, ".yaml")
    status, msg = ck.run(["dtc", "-I", "dts", "-O", "yaml", "-i", incdir] +
                         DTC_FLAGS + ["-o", job.yaml, src])
    if status != 0:
        dtc_errors(ck, job, msg)
        return False
    job.index, root = tree_index(job.yaml)
    compat = child(root, "compatible")
    values = [v.value for v in compat.value] \
        if isinstance(compat, yaml.SequenceNode) else []
    core = any(v.startswith(CORE_PREFIX) for v in values)
    if not core and not any(v.startswith(PARTITION_PREFIX) for v in values):
        if explicit:
            ck.error(job.name, "/", "compatible",
                     f"not an FF-A manifest: root compatible is {values}, "
                     f"not {PARTITION_PREFIX}X.Y or {CORE_PREFIX}X.Y")
        return False
    dtc_errors(ck, job, msg)
    if core:
        check_size(ck, job, src, incdir)
    return True


def check_size(ck, job, src, incdir):
    """TF-A's SPMD maps one 4 KiB page for TOS_FW_CONFIG."""
    dtb = out_file(ck.out, job.name, ".dtb")
    status, _ = ck.run(["dtc", "-I", "dts", "-O", "dtb", "-i", incdir] +
                       DTC_FLAGS + ["-o", dtb, src])
    if status == 0 and os.path.getsize(dtb) > TOS_FW_CONFIG_MAX:
        ck.error(job.name, "/", "-",
                 f"the DTB is {os.path.getsize(dtb)} bytes; TOS_FW_CONFIG "
                 f"must fit in {TOS_FW_CONFIG_MAX} bytes")


def needs_cpp(text):
    return re.search(r"^\s*#\s*(include|define|if|ifdef|ifndef)\b", text,
                     re.M) is not None


def tree_index(yaml_path):
    """Indexes a dtc YAML file: node path -> (first line, last line,
    mapping node), lines counted from 0. Returns it with the root node."""
    with open(yaml_path, encoding="utf-8") as f:
        doc = yaml.compose(f)
    root = doc.value[0]
    index = {}

    def walk(node, path):
        index[path] = (node.start_mark.line, node.end_mark.line, node)
        for key, value in node.value:
            if isinstance(value, yaml.MappingNode):
                walk(value, path.rstrip("/") + "/" + key.value)

    walk(root, "/")
    return index, root


def child(node, name):
    """The value of property or child node `name` of a mapping node."""
    if node is None:
        return None
    for key, value in node.value:
        if key.value == name:
            return value
    return None


def hex_str(text):
    try:
        return hex(int(text, 0))
    except ValueError:
        return text


def describe(value):
    """A property's value as DTS-like text: `<0x1 0x2>`, `"s"`, a flag."""
    if isinstance(value, yaml.ScalarNode):
        return "an empty (flag) property" if value.value == "true" \
            else value.value
    parts = []
    for item in value.value:
        if isinstance(item, yaml.SequenceNode):
            bits = "/bits/ 64 " if item.tag.endswith("u64") else ""
            cells = " ".join(hex_str(c.value) for c in item.value)
            parts.append(f"{bits}<{cells}>")
        else:
            parts.append(f'"{item.value}"')
    return ", ".join(parts)


TYPE_WORDS = {
    "array": "cells <...>",
    "string": 'a string "..."',
    "boolean": "an empty (flag) property",
    "null": "an empty (flag) property",
    "integer": "cells <...>",
}


def reword(msg):
    """Rewrites one jsonschema message about a value in DT terms."""
    m = re.match(r".* is not of type '(\w+)'$", msg)
    if m:
        return "wrong type, expected " + TYPE_WORDS.get(m.group(1),
                                                        m.group(1))
    if msg in ("True was expected", "size is 32, expected 64"):
        return {"True was expected": "wrong type, expected an empty (flag) "
                "property", "size is 32, expected 64": "not /bits/ 64"}[msg]
    m = re.match(r"(.*) is too (short|long)$", msg)
    if m:
        what = "entries" if m.group(1).startswith("[[") else "cells"
        return f"too {'few' if m.group(2) == 'short' else 'many'} {what}"
    m = re.match(r"(.*) does not match '.*\{8\}-.*'$", msg)
    if m:
        return f"{m.group(1)} is not a UUID string in canonical form " \
            "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"
    if re.search(r"(maximum|minimum) of|is not one of|was expected", msg):
        msg = re.sub(r"(?<![\w.])(\d{2,})(?![\w.])",
                     lambda n: hex(int(n.group(1))), msg)
    m = re.match(r"(.*) is not one of \[(.*)\]$", msg)
    if m and m.group(2).count(",") >= 8:
        msg = f"{m.group(1)} is not one of the values the binding allows"
    return msg


def quoted(text):
    return re.findall(r"'([^']+)'", text)


def explain(job, node, prop, msg, leaves):
    """Turns one dt-validate error into [(property, message)]; a
    property None means the error is about `node` itself."""
    m = re.match(r"'([^']+)' is a required property$", msg)
    if m:
        return [(m.group(1), "mandatory property is missing")]
    m = re.match(r"(.*) (?:does|do) not match any of the regexes", msg) or \
        re.match(r"Additional properties are not allowed \((.*) (?:was|were)"
                 r" unexpected\)$", msg)
    if m:
        found = []
        for name in quoted(m.group(1)):
            value = child(job.node(node), name)
            kind = "node" if isinstance(value, yaml.MappingNode) \
                else "property"
            found.append((name, f"unknown {kind}: not in the binding"))
        return found
    m = re.match(r"'([^']+)' is a dependency of '([^']+)'$", msg)
    if m:
        return [(m.group(2), f"needs '{m.group(1)}' as well")]
    m = re.search(r"should not be valid under \{'required': \[(.*)\]\}$",
                  msg)
    if m:
        return [("|".join(quoted(m.group(1))), "only one of these may be "
                 "given")]
    if msg.startswith("False schema does not allow"):
        name = prop or node.rsplit("/", 1)[1]
        return [(prop, FALSE_SCHEMA_HINTS.get(name, "not allowed here by "
                                              "the binding"))]
    if re.match(r"'(anyOf|oneOf|allOf)' conditional failed", msg):
        required = [re.match(r"'([^']+)' is a required property$", l)
                    for l in leaves]
        if required and all(required):
            names = [r.group(1) for r in required]
            return [("|".join(names), "one of these is mandatory")]
        words = []
        for leaf in leaves:
            text = reword(leaf)
            if text not in words:
                words.append(text)
        if "not /bits/ 64" in words and "too few cells" in words:
            msg = "expected a 64-bit value: two cells <hi lo> or /bits/ 64"
        elif "not /bits/ 64" in words and "too many cells" in words:
            msg = "too many cells for the value"
        elif set(words) == {"too many cells", "too few cells"}:
            msg = "a <> group does not hold a whole number of entries"
        elif len(words) == 1:
            msg = words[0]
        else:
            msg = "no accepted form matches: " + "; ".join(words)
    else:
        msg = reword(msg)
    value = child(job.node(node), prop) if prop else None
    if value is not None and not re.search(
            r"(maximum|minimum) of|is not one of|was expected|UUID", msg):
        msg += f" (got {describe(value)})"
    return [(prop, msg)]


def locate(job, line, nodename, comps):
    """The node path and property of an error dt-validate reported at
    YAML `line` in node `nodename`, with path components `comps` (child
    nodes, then the property, then indices) below that node."""
    cands = [p for p in job.index
             if (p if p == "/" else p.rsplit("/", 1)[1]) == nodename]
    if line is not None:
        inside = [p for p in cands
                  if job.index[p][0] <= line - 1 <= job.index[p][1]]
        cands = inside or cands
    if not cands:
        return nodename, None
    node = max(cands, key=len)
    prop = None
    for comp in comps:
        sub = node.rstrip("/") + "/" + comp
        if prop is None and sub in job.index:
            node = sub
        elif prop is None:
            prop = comp
    return node, prop


def parse_block(ck, job, block):
    """Reports one error block of dt-validate's output."""
    head = block[0][len(job.yaml) + 1:]
    line = None
    m = re.match(r"(\d+):\d+: (.*)$", head)
    if m:
        line, head = int(m.group(1)), m.group(2)
    head = head.strip()
    m = re.match(r"([^:]+): (.*)$", head)
    if not m:
        ck.error(job.name, "-", "-", " ".join(l.strip() for l in block))
        return
    nodename, rest = m.groups()
    m = re.match(r"failed to match any schema with compatible: (.*)$", rest)
    if m:
        ck.error(job.name, nodename, "compatible",
                 f"no binding documents compatible {m.group(1)}")
        return
    comps = []
    m = re.match(r"((?:[^\s:]+:)+) (.*)$", rest)
    if m:
        comps, rest = m.group(1).split(":")[:-1], m.group(2)
    leaves = []
    for l in block[1:]:
        l = l.strip()
        if not (l.startswith(("From schema:", "hint:", "from schema $id:",
                              job.yaml))):
            leaves.append(l)
    node, prop = locate(job, line, nodename, comps)
    for p, msg in explain(job, node, prop, rest, leaves):
        if p is None and node != "/":
            # About a whole child node: name it as an entry of its parent.
            parent, p = node.rsplit("/", 1)
            ck.error(job.name, parent or "/", p, msg)
        else:
            ck.error(job.name, node, p, msg)


def validate(ck, schema, jobs):
    """Runs dt-validate once over every job and parses what it prints."""
    if not jobs:
        return
    by_yaml = {os.path.abspath(j.yaml): j for j in jobs}
    for j in jobs:
        j.yaml = os.path.abspath(j.yaml)
    status, text = ck.run(["dt-validate", "-n", "-m", "-s", schema] +
                          list(by_yaml))
    if status != 0:
        ck.error("dt-validate", "-", "-", f"exited with {status}")

    def owner(line):
        for path, job in by_yaml.items():
            if line.startswith(path + ":"):
                return job
        return None

    for block in split_blocks(text.splitlines(),
                              lambda l: owner(l) is not None):
        job = owner(block[0])
        if job is None:
            ck.error("dt-validate", "-", "-",
                     " ".join(l.strip() for l in block))
        else:
            parse_block(ck, job, block)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", help="manifests (.dts) to check; "
                    "default: every manifest of the tree")
    ap.add_argument("--out", default=os.path.join(ROOT, "out",
                                                  "check_manifests"),
                    help="directory for intermediate files")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    ck = Checker(args.out)

    check_bindings(ck)
    schema = make_schema(ck)
    examples = example_jobs(ck)
    if args.files:
        sources = []
        for path in args.files:
            if os.path.isfile(path):
                sources.append(Job(path, path))
            else:
                ck.error(path, "-", "-", "no such file")
    else:
        sources = discover()
    explicit = bool(args.files)
    jobs = [j for j in examples if compile_job(ck, j, True)]
    manifests = [j for j in sources if compile_job(ck, j, explicit)]
    validate(ck, schema, jobs + manifests)

    for name, node, prop, msg in ck.errors:
        print(f"{name}: {node}: {prop}: {msg}")
    print(f"check_manifests: {len(manifests)} manifest(s) and "
          f"{len(examples)} binding example(s) validated, "
          f"{len(binding_files())} binding(s) checked: "
          f"{len(ck.errors)} error(s)")
    return 1 if ck.errors else 0


if __name__ == "__main__":
    sys.exit(main())
