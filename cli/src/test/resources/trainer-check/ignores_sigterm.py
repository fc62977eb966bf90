"""A broken trainer for TrainerCheckCommandTest: ignores SIGTERM (as a process that never
installs a handler in a shell that ignores it would), so a pod would be killed at the end of its
grace period with no checkpoint."""
import os
import signal
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, *[".."] * 5, "examples", "trainers", "python"))
import tiny_trainer  # noqa: E402

signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal = lambda *a: None  # the trainer's own handler is never installed
sys.exit(tiny_trainer.main(sys.argv[1:]))
