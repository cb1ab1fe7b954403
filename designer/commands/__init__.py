"""The sub-commands of `ivr-designer`, one module each, each with `register(subparsers)`."""
