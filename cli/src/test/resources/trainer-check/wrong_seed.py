"""A broken trainer for TrainerCheckCommandTest: trains seed + 1 instead of the seed it is given,
so its result echoes another grid point. Everything else is the example trainer's."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, *[".."] * 5, "examples", "trainers", "python"))
import tiny_trainer  # noqa: E402

args = sys.argv[1:]
if "--seed" in args:
    i = args.index("--seed") + 1
    args[i] = str(int(args[i]) + 1)
sys.exit(tiny_trainer.main(args))
