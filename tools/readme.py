"""Render the documents whose numbers come from results files: README.md from nbs/index.ipynb (its
`output: asis` cells print templates of nbs/readme/) and bench/README.md from bench/README.template.md.

    python tools/readme.py && nbdev_clean

The figures the README shows (`README_FIGURES`) are copied from their results files to nbs/images/.
The index notebook's rendered cells also get their output stored, so JupyterLab and the docs site show
the same text. `36_quote` tests that both documents are what this writes and that every number they
quote is held by the results files their blocks name.
"""
import json, sys, shutil
from pathlib import Path
root = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(root))
from mtkd_nb.quote import render_readme, render_bench_readme, run_asis, README_FIGURES

(root/'nbs'/'images').mkdir(exist_ok=True)
for name, src in README_FIGURES.items(): shutil.copyfile(root/src, root/'nbs'/'images'/name)     # the figures the README shows, where the docs find them

nbf = root/'nbs'/'index.ipynb'
nb = json.loads(nbf.read_text())
for c in nb['cells']:
    src = ''.join(c['source'])
    if c['cell_type'] == 'code' and '#| output: asis' in src:
        text = run_asis(src, root) + '\n'
        c['outputs'] = [dict(output_type='display_data', metadata={}, data={'text/markdown': [l + '\n' for l in text.split('\n')[:-1]], 'text/plain': ['<IPython.core.display.Markdown object>']})]
        c['execution_count'] = None
nbf.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
(root/'README.md').write_text(render_readme(root))
(root/'bench'/'README.md').write_text(render_bench_readme(root))
print('wrote README.md, bench/README.md and the outputs of nbs/index.ipynb')
