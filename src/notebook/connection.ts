/**
 * Kernel connection files (Jupyter "connection file": transport, ip, five ports, signing key).
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";

export interface ConnectionInfo {
  transport: "tcp";
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: "hmac-sha256";
  kernel_name: string;
}

/** Asks the OS for a free TCP port on `ip` (bind to port 0, read it back, release it). */
export function freePort(ip = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, ip, () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error("could not obtain a free port"))));
    });
  });
}

/** Five distinct free loopback ports and a fresh 256-bit hex key. */
export async function newConnectionInfo(kernelName = "tslab"): Promise<ConnectionInfo> {
  const ip = "127.0.0.1";
  const ports = new Set<number>();
  while (ports.size < 5) ports.add(await freePort(ip));
  const [shell, iopub, stdin, control, hb] = [...ports] as [number, number, number, number, number];
  return {
    transport: "tcp",
    ip,
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key: randomBytes(32).toString("hex"),
    signature_scheme: "hmac-sha256",
    kernel_name: kernelName,
  };
}

export function endpoint(info: ConnectionInfo, port: number): string {
  return `${info.transport}://${info.ip}:${port}`;
}
