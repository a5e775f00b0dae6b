"""Check the package's layers: each module imports only modules of lower-numbered notebooks, and none imports in a cycle.

    python tools/layers.py [PACKAGE_DIR]     # prints each violation; exit 1 if any (default: this checkout's mtkd_nb)

A module's notebook is named in its header (`File to edit: ../nbs/NN_name.ipynb`); its imports are every
`import mtkd_nb...` / `from .x import` at any depth (inside functions too), read with `ast`.
"""
import ast, re, sys
from pathlib import Path

def modules(pkg: Path) -> dict:
    "module name -> (notebook number as a sortable string, path) for every exported module"
    out = {}
    for f in sorted(pkg.rglob('*.py')):
        m = re.search(r'File to edit: \S*?/nbs/(\d+[a-z]?)_', f.read_text())
        if m: out['.'.join(f.relative_to(pkg.parent).with_suffix('').parts)] = (m.group(1), f)
    return out

def imports(name: str, f: Path, known) -> set:
    pkg = name.rsplit('.', 1)[0]; out = set()
    for n in ast.walk(ast.parse(f.read_text())):
        if isinstance(n, ast.Import): out |= {a.name for a in n.names}
        elif isinstance(n, ast.ImportFrom):
            base = n.module or ''
            if n.level: base = '.'.join(pkg.split('.')[:len(pkg.split('.')) - n.level + 1] + ([base] if base else []))
            out |= {base} | {f'{base}.{a.name}' for a in n.names}
    return {m for m in out if m in known and m != name}

def key(num: str) -> tuple: return (int(re.match(r'\d+', num).group()), num)

def violations(pkg: Path) -> list:
    mods = modules(pkg); bad = []
    for name, (num, f) in mods.items():
        for dep in sorted(imports(name, f, mods)):
            if key(mods[dep][0]) >= key(num): bad.append(f"{name} ({num}) imports {dep} ({mods[dep][0]}): not a lower-numbered notebook")
    return bad

if __name__ == '__main__':
    bad = violations(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]/'mtkd_nb')
    print('\n'.join(bad) or 'layers: every module imports only lower-numbered notebooks (so there is no cycle)')
    sys.exit(1 if bad else 0)
