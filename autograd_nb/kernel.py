"""``python -m autograd_nb.kernel install|uninstall``: the Jupyter kernel "Python 3 (autograd_nb as
torch)". The code is in the Jupyter layer, ``autograd_nb.jupyter.kernel``; see ``--help``.

    $ python -m autograd_nb.kernel install --user
"""
from autograd_nb.jupyter.kernel import main

if __name__ == "__main__":
    main()
