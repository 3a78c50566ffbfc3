import { POSTGRESQL_CHARTS, pgDatabase, pgRole, pgUser, replicationUserProblem } from "../../src/databases/postgresql-values";
import { stringToken } from "../tokens";

describe("PostgreSQL names the chart creates", () => {
  it("refuses every role name PostgreSQL reserves, and pg_*", () => {
    const reserved = ["public", "none", "current_user", "session_user", "current_role", "pg_monitor", "pg_x"];
    expect(reserved.filter((name) => pgRole.safeParse(name).success)).toEqual([]);
    expect(["app", "pgx", "_pg", "postgres"].filter((name) => !pgRole.safeParse(name).success)).toEqual([]);
  });

  it("keeps the superuser's name from the application and replication users, and every cluster's databases from the app's", () => {
    expect(pgUser.safeParse("postgres").success).toBe(false);
    expect(["postgres", "template0", "template1"].filter((name) => pgDatabase.safeParse(name).success)).toEqual([]);
    expect(pgDatabase.safeParse("app").success).toBe(true);
  });

  it("wants the replication user apart from the application user, unless Terraform names either", () => {
    expect(replicationUserProblem("app", "app")).toBe("must differ from the application user (the two roles would collide)");
    expect(replicationUserProblem("app", "repl")).toBeUndefined();
    const token = stringToken();
    expect([replicationUserProblem(token, token), replicationUserProblem("app", token), replicationUserProblem(token, "app")]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("the chart versions' default images", () => {
  it("are the same repositories in every version, slot by slot: only the tags move", () => {
    const repositories = Object.values(POSTGRESQL_CHARTS).map((c) =>
      Object.fromEntries(Object.entries(c.images).map(([slot, image]) => [slot, `${image.registry}/${image.repository}`])),
    );
    for (const r of repositories.slice(1)) expect(r).toEqual(repositories[0]);
    expect(repositories[0]).toEqual({
      postgresql: "docker.io/bitnamilegacy/postgresql",
      metrics: "docker.io/bitnamilegacy/postgres-exporter",
      volumePermissions: "docker.io/bitnamilegacy/os-shell",
    });
  });
});
