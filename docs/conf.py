"""Sphinx configuration of the dlguide site (English source, Korean translation).

Build both languages with ``nox -s docs`` (tools/build_site.py); one language by hand with
``python -m sphinx -b html -n -W -D language=ko docs build/site/ko``.
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import version as package_version
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

# -- Project ---------------------------------------------------------------------------------
project = "dlguide"
author = "dlguide developers"
copyright = "2026, dlguide developers"
release = package_version("dlguide")
version = ".".join(release.split(".")[:2])

# -- General ---------------------------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "numpydoc",
    "sphinx.ext.doctest",
    "sphinx_gallery.gen_gallery",
    "sphinx_copybutton",
    "sphinxext.opengraph",
    # Local extensions (docs/_ext/):
    "mathml",  # LaTeX -> MathML at build time: no MathJax, no CDN
    "bilingual",  # language work: DLGUIDE_LANG, switcher, gallery chrome, Korean theme strings
    "html_repairs",  # generated HTML fixed: offline (no CDN), page size, accessible names
    "korean_search",  # a search language for Korean (particles and endings)
    "glossary_data",  # the bilingual glossary rendered from _data/glossary.toml
    "tools_table",  # the tools comparison rendered from _data/tools.toml
    "bench_tables",  # tables saved by `nox -s bench`, shown on the chapter pages
    "numpydoc_shape",  # keep torch-style "Shape" sections in numpydoc docstrings
    "page_figures",  # gallery figures and _figures/ diagrams inside the chapter pages
    "site_speed",  # one purged stylesheet, deferred scripts, icon font subset, lazy frames
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = [
    "_build",
    "_root",
    "locales",
    "Thumbs.db",
    ".DS_Store",
    # sphinx-gallery writes these beside the generated pages; they are not documents.
    "auto_examples/**/*.ipynb",
    "auto_examples/**/*.py",
    "auto_examples/**/*.codeobj.json",
    "auto_examples/**/*.md5",
    "auto_examples/**/*.zip",
]
templates_path = ["_templates"]
nitpicky = True
nitpick_ignore = [
    # numpydoc type slots that are prose, not objects ("Tensor of shape (N, C, H, W)", ...).
    ("py:class", "optional"),
    ("py:class", "callable"),
]
nitpick_ignore_regex = [
    # The build is offline, so there is no intersphinx: references to other projects' objects
    # (torch, NumPy, scikit-learn, the standard library) cannot resolve and stay plain text.
    (
        "py:(class|func|meth|obj|mod|attr|exc|data)",
        r"(torch|numpy|np|sklearn|scipy|matplotlib|functools|collections|typing|pathlib)(\..*)?",
    ),
    ("py:class", r"Module|Tensor|Generator|Callable|Path"),
    # Shape and dtype descriptions in numpydoc type slots are words, not classes.
    ("py:class", r".*(of shape|shape \().*"),
    ("py:class", r"(Tensor|int|float|str|bool|tuple|pair|array|ndarray|list|dict)( .*)?"),
    ("py:class", r"torch\..*|nn\..*|np\..*|numpy\..*|matplotlib\..*|sklearn\..*"),
    ("py:class", r"[A-Z]\b|\(.*|.*\)|.*\.\.\.|T"),
    ("py:obj", r"torch\..*|sklearn\..*"),
]
suppress_warnings: list[str] = []

# -- Internationalisation --------------------------------------------------------------------
language = "en"
locale_dirs = ["locales/"]
gettext_compact = False  # one .po per document
gettext_uuid = False
gettext_location = False  # keep .po diffs about text, not line numbers
gettext_additional_targets: list[str] = []

# -- MyST ------------------------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3

# -- Autodoc / numpydoc ----------------------------------------------------------------------
autodoc_default_options = {"members": True, "member-order": "bysource"}
# Methods document themselves or not at all: torch.nn.Module's texts (forward, extra_repr) are
# not ours to show.
autodoc_inherit_docstrings = False
autodoc_typehints = "none"  # numpydoc's Parameters section is the single source of types
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
numpydoc_validation_checks: set[str] = set()

# -- Doctest (sphinx.ext.doctest blocks in pages; pytest runs them through Sybil) -----------
doctest_global_setup = "import torch\nimport dlguide\n"

# -- Gallery ---------------------------------------------------------------------------------
GALLERY_JOBS = int(os.environ.get("DLGUIDE_GALLERY_JOBS", min(os.cpu_count() or 1, 4)))
sphinx_gallery_conf = {
    "examples_dirs": ["../gallery"],
    "gallery_dirs": ["auto_examples"],
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"__init__\.py",
    "within_subsection_order": "FileNameSortKey",
    "matplotlib_animations": (True, "jshtml"),
    # Every figure is also saved at twice its dpi and offered as srcset, for sharp figures on
    # high-density screens (the chapter pages use the same files, docs/_ext/page_figures.py).
    "image_srcset": ["2x"],
    # Scripts of a gallery section run side by side, one core each (bilingual.py gives each
    # worker its share of torch threads); DLGUIDE_GALLERY_JOBS=1 runs them one by one.
    "parallel": GALLERY_JOBS,
    # matplotlib's reset, then the Korean font for the build language (docs/_ext/bilingual.py).
    "reset_modules": ("matplotlib", "bilingual.reset_figure_fonts"),
    "download_all_examples": True,
    "remove_config_comments": True,
    # Only what a script prints is shown: not the repr of a block's last expression, such as
    # the Text or Legend object that a call like ax.set_title(...) returns.
    "capture_repr": (),
    "show_memory": False,
    "show_signature": False,
    "write_computation_times": False,
    "first_notebook_cell": None,
    "min_reported_time": 0,
    "doc_module": ("dlguide",),
    "backreferences_dir": "gen_modules/backreferences",
    "thumbnail_size": (320, 224),
    "copyfile_regex": "",
}

# -- HTML ------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
# Light, dark or the reader's system setting (the theme's switch in the article header); the
# figures are drawn for a light background and sit on a light panel in dark mode (dlguide.css).
html_context = {"default_mode": "auto"}
html_title = "dlguide"
html_static_path = ["_static"]
html_css_files = ["dlguide.css"]
# Links to a section far down a page land on it (dlguide.js; the sections are laid out lazily).
html_js_files = [("dlguide.js", {"defer": "defer"})]
html_favicon = "_static/favicon.svg"
html_logo = "_static/logo.svg"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
# The public address comes from the host (docs/_ext/bilingual.py, site_roots): DLGUIDE_BASE_URL
# (the folder that holds en/ and ko/, e.g. GitHub Pages' base_url) or Read the Docs'
# READTHEDOCS_CANONICAL_URL. Without one, the build writes no absolute URL: no canonical link,
# no sitemap, relative hreflang alternates.
html_baseurl = ""
html_math_renderer = "mathml"
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "navigation_with_keys": False,
    "logo": {"text": "dlguide", "alt_text": "dlguide"},
    # One row of controls above the article, at every width: search (the page's one search
    # field opens from it), colour mode, language, contents. The theme's top navbar, which
    # held a second search field and sat over this row, is hidden (dlguide.css).
    "navbar_persistent": [],
    "article_header_end": [
        "search-button.html",
        "theme-switcher.html",
        "lang-switch.html",
        "toggle-secondary-sidebar.html",
    ],
}
html_sidebars = {
    "**": ["navbar-logo.html", "sbt-sidebar-nav.html"],
}

# -- Open Graph, sitemap ---------------------------------------------------------------------
if os.environ.get("DLGUIDE_BASE_URL") or os.environ.get("READTHEDOCS_CANONICAL_URL"):
    extensions.append("sphinx_sitemap")  # a sitemap lists absolute URLs: only with an address
ogp_site_url = ""  # set with html_baseurl when the host gives an address
ogp_site_name = "dlguide"
ogp_enable_meta_description = True
ogp_social_cards = {"enable": False}  # cards need fonts from the network; plain tags suffice
sitemap_url_scheme = "{link}"  # html_baseurl already ends in the language folder
sitemap_locales = [None]

# -- Version and install line (issue 17) -----------------------------------------------------
# The header shows the version from the package metadata (pyproject.toml, the one source).
html_theme_options["logo"]["text"] = f"dlguide {release}"
# The install line under the download buttons at the foot of every gallery page (the gallery's
# pages are the only reST documents). Each paragraph starts with a key of
# bilingual.GALLERY_STRINGS, which keeps it out of the catalogs and puts it in Korean.
rst_epilog = """
.. only:: html

   .. container:: dlguide-install

      Run the examples on your computer: ``pip install dlguide``

      For Korean figure text: ``pip install 'dlguide[ko]'``

      On a machine without a GPU, for PyTorch's CPU-only wheel, add:
      ``--extra-index-url https://download.pytorch.org/whl/cpu``

      Before the first release, from a clone of the repository:
      ``pip install -c constraints.txt '.[ko]'``
"""
