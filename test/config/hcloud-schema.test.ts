import * as hcloudSchema from "../../src/config/hcloud-schema";
import * as hcloudRules from "../../src/validation/hcloud";
import { k3sVersionProblem } from "../../src/validation/k3s-version";
import { parseConfig } from "../../src/config/load-config";
import { errorOf } from "../helpers";
import { editedConfig } from "./fixtures";

describe("hcloud section", () => {
  it("refuses a load balancer port listed twice in a pool's services", () => {
    const service = { listenPort: 8080, destinationPort: 30080 };
    expect(
      errorOf(() =>
        parseConfig(
          editedConfig((c) => (c.hcloud.nodePools[1].loadBalancer = { services: [service, service] })),
          "platform.yaml",
        ),
      ),
    ).toBe("platform.yaml is invalid:\n  - hcloud.nodePools[1].loadBalancer.services: listen port 8080 is used more than once (got 8080)");
  });
});

describe("where the rules live", () => {
  it("are the same objects at their 0.5 path (src/config/hcloud-schema) as in src/validation", () => {
    for (const name of [
      "networkIpRangeProblem",
      "sshPortProblem",
      "mountPathProblem",
      "kubeletLabelKey",
      "sshPublicKey",
      "clusterName",
    ] as const) {
      expect(hcloudSchema[name]).toBe(hcloudRules[name]);
    }
    expect(hcloudSchema.k3sVersionProblem).toBe(k3sVersionProblem);
  });
});
