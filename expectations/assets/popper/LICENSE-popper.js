popper.js@1.12.9: MIT (as its package.json declares)
