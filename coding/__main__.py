from coding.cli import main

raise SystemExit(main())
