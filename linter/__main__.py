from textlint.cli import main

raise SystemExit(main())
