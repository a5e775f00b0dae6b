"""Build the documentation site without Quarto: nbdev's processed notebooks rendered to HTML by nbconvert.

    python tools/docs_offline.py [--out _docs_offline] [--workers 2] [--only 30_evaluate ...] [--no_execute]
    python tools/docs_offline.py --execute_only --dest nbs      # run the notebooks in place (before `nbdev_docs`)

The pages show their results: the notebooks are first run top to bottom (execnb, as `nbdev_test`
runs them, cells flagged `slow` or `cuda` skipped) in a copy, so the figures, tables and printed
summaries of the tests are on the pages; `--no_execute` renders the notebooks as committed
(without outputs). The hosted workflow runs `--execute_only --dest nbs` before `nbdev_docs`.

The hosted site is built by Quarto (`nbdev_docs`, .github/workflows/deploy.yaml). Where Quarto
cannot be installed, this produces the same pages from the same processed notebooks
(`nbdev.serve.proc_nbs`: hidden cells dropped, `show_doc` rendered, directives applied), one
self-contained HTML file per notebook, in the sidebar's order, with a navigation column. Open
OUT/index.html in a browser; no server or network is needed.
"""
import argparse, html, re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def sidebar_pages(nbs: Path) -> list:
    "Notebook names in the order of nbs/sidebar.yml"
    return re.findall(r'^\s*-\s*(\S+\.ipynb)\s*$', (nbs/'sidebar.yml').read_text(), re.M)

def _is_front_matter(c): return c.cell_type == 'raw' and c.source.lstrip().startswith('---')

def front_matter(nb) -> dict:
    "Title and description from the YAML front matter nbdev puts in the first raw cell"
    import yaml
    for c in nb.cells:
        if _is_front_matter(c): return yaml.safe_load(c.source.strip().strip('-')) or {}
    return {}

_QUARTO_ATTRS = re.compile(r'\{target="_blank"[^}]*\}')

def for_nbconvert(nb):
    "What Quarto would do to a processed notebook, done for nbconvert: front matter out, `echo: false` inputs hidden, directives and link attributes dropped"
    cells = []
    for c in nb.cells:
        if _is_front_matter(c): continue
        if c.cell_type == 'code':
            lines = c.source.splitlines()
            dirs = [l[3:].strip() for l in lines if l.startswith('#|')]
            c.source = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
            if 'echo: false' in dirs or not c.source: c.metadata.setdefault('tags', []).append('remove_input')
            for o in c.get('outputs', []):
                md = o.get('data', {}).get('text/markdown')
                if md: o['data']['text/markdown'] = _QUARTO_ATTRS.sub('', md if isinstance(md, str) else ''.join(md))
        cells.append(c)
    nb.cells = cells
    return nb

NAV_CSS = """
body { margin: 0; }
#mtkd-nav { position: fixed; top: 0; left: 0; bottom: 0; width: 230px; overflow-y: auto; padding: 16px 12px;
            background: #f7f7f9; border-right: 1px solid #ddd; font: 14px/1.5 system-ui, sans-serif; }
#mtkd-nav a { display: block; color: #2a5db0; text-decoration: none; padding: 2px 4px; border-radius: 3px; }
#mtkd-nav a.current { background: #2a5db0; color: white; }
#mtkd-nav .site { font-weight: 700; font-size: 17px; margin-bottom: 10px; display: block; color: #222; }
#mtkd-main { margin-left: 260px; max-width: 1100px; padding: 8px 24px; }
#mtkd-main h1.title { font: 700 30px/1.2 system-ui, sans-serif; margin: 18px 0 6px; }
#mtkd-main p.description { font-size: 17px; color: #555; margin: 0 0 20px; }
"""

def render(me: str, nb, pages: list, titles: dict, out: Path, site: str):
    "Write page `me` (processed notebook `nb`) as OUT/me.html, with the navigation over `pages`"
    from nbconvert import HTMLExporter
    from traitlets.config import Config
    fm = front_matter(nb); nb = for_nbconvert(nb)
    c = Config(); c.TagRemovePreprocessor.enabled = True; c.TagRemovePreprocessor.remove_input_tags = {'remove_input'}
    ex = HTMLExporter(template_name='lab', config=c); ex.exclude_input_prompt = ex.exclude_output_prompt = True
    body, _ = ex.from_notebook_node(nb)
    nav = ''.join(f'<a href="{Path(p).stem}.html"{" class=current" if Path(p).stem == me else ""}>{html.escape(titles.get(Path(p).stem, Path(p).stem))}</a>'
                  for p in pages)
    head = f'<h1 class="title">{html.escape(fm.get("title", me))}</h1>' + (f'<p class="description">{html.escape(fm["description"])}</p>' if fm.get('description') else '')
    body = body.replace('</head>', f'<style>{NAV_CSS}</style></head>', 1)
    body = re.sub(r'<body([^>]*)>', lambda m: f'<body{m.group(1)}><nav id="mtkd-nav"><a class="site" href="index.html">{html.escape(site)}</a>{nav}</nav><div id="mtkd-main">{head}', body, count=1)
    body = body.replace('</body>', '</div></body>', 1)
    (out/f'{me}.html').write_text(body)

def _skip(flags):
    "The `preproc` of execnb that skips what `nbdev_test` skips: cells flagged with `flags`, `eval: false`, the export call"
    def _inner(cell):
        if cell.cell_type != 'code': return True
        if 'nbdev_export(' in cell.source: return True
        d = getattr(cell, 'directives_', {}) or {}
        return d.get('eval:', [''])[0].lower() == 'false' or bool(set(flags) & set(d))
    return _inner

def execute_notebooks(src: Path, dest: Path, names=None, log=print) -> Path:
    "Run the notebooks `names` (default: all) of folder `src` top to bottom, each in `src` (so its relative paths hold), and write them with their outputs into folder `dest` (which gets the other files of `src` too, but no other notebook when `names` are given; `dest` may be `src`)"
    import shutil, os
    from execnb.shell import CaptureShell
    from nbdev.config import get_config
    src, dest = Path(src).resolve(), Path(dest).resolve()
    if src != dest:
        if dest.exists(): shutil.rmtree(dest)
        leave_out = lambda d, fs: [f for f in fs if f.startswith('.') or (names and d == str(src) and f.endswith('.ipynb') and f[:-6] not in names)]
        shutil.copytree(src, dest, ignore=leave_out)     # with `names`, only those notebooks: nbdev then processes no other
    skip = _skip(get_config().tst_flags.split())
    here = os.getcwd()
    try:
        for nb in sorted(src.glob('*.ipynb')):
            if names and nb.stem not in names: continue
            log(f"  running {nb.name}")
            CaptureShell().execute(nb, dest/nb.name, exc_stop=True, preproc=skip)
    finally: os.chdir(here)
    return dest

def build(out=ROOT/'_docs_offline', workers: int = 2, only=None, execute: bool = True, log=print) -> Path:
    "Process the notebooks with nbdev (after running them, when `execute`) and render them to HTML in `out`; returns `out`"
    import nbformat, os, tempfile
    from nbdev.serve import proc_nbs
    from nbdev.config import get_config
    os.chdir(ROOT)
    cfg = get_config(); nbs = cfg.config_path/cfg.nbs_path
    pages = sidebar_pages(nbs)
    if only: pages = [p for p in pages if Path(p).stem in only or Path(p).stem == 'index']
    src = execute_notebooks(nbs, Path(tempfile.mkdtemp())/'nbs', [Path(p).stem for p in pages], log) if execute else nbs
    os.chdir(ROOT)
    cache = proc_nbs(path=str(src), n_workers=workers, force=execute)     # every notebook (nbdev caches unchanged ones); `only` limits the rendering
    out = Path(out); out.mkdir(parents=True, exist_ok=True)
    nbs_ = {}
    for p in pages:
        f = cache/p
        if not f.exists(): raise SystemExit(f"docs_offline: {f} was not produced by nbdev's processing")
        nbs_[Path(p).stem] = nbformat.read(f, as_version=4)
    titles = {k: front_matter(nb).get('title', k) for k, nb in nbs_.items()}
    titles['index'] = cfg.lib_name
    for k, nb in nbs_.items():
        render(k, nb, pages, titles, out, cfg.lib_name); log(f"  {out/(k + '.html')}")
    return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', default=str(ROOT/'_docs_offline')); ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--only', nargs='*', help='notebook names (without .ipynb) to build, besides index')
    ap.add_argument('--no_execute', action='store_true', help='render the notebooks as committed, without running them')
    ap.add_argument('--execute_only', action='store_true', help='only run the notebooks, writing their outputs into --dest')
    ap.add_argument('--dest', default=None, help='with --execute_only: where the run notebooks go (nbs: in place)')
    a = ap.parse_args()
    if a.execute_only: print(f"ran the notebooks into {execute_notebooks(ROOT/'nbs', Path(a.dest or ROOT/'_executed'), a.only)}")
    else: print(f"built {build(a.out, a.workers, a.only, not a.no_execute)}")
