// The floor `aiwvm exec` start-up is compared with (scripts/bench-exec): the smallest
// release Swift program that does something visible, one line on standard output.
print("hello, world")
