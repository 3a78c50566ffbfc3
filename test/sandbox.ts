import { StdioOptions } from "child_process";

/**
 * stdio of a script run in a sandbox: no stdin. Node gives a child a socket as stdin, and bash run with a
 * socket as stdin and no SHLVL in its environment (a sandbox's minimal one) takes itself for a shell that
 * sshd started and sources ~/.bashrc: the developer's shell setup would run inside every sandboxed script
 * (200 ms each on a machine whose .bashrc runs `pyenv init`).
 */
export const NO_STDIN: StdioOptions = ["ignore", "pipe", "pipe"];
