import type { Metadata } from "next";
import { CreateTokenForm } from "@/components/admin/create-token-form";
import { RevokeTokenButton } from "@/components/admin/revoke-token-button";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { findApiTokens } from "@/lib/admin/manage-api-tokens";
import { findUsers } from "@/lib/admin/manage-users";
import { requirePageAccess } from "@/lib/auth/current-user";
import { roleLabels } from "@/lib/auth/permissions";
import { createApiTokenAction, revokeApiTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const admin = await requirePageAccess("tokens:manage", "/admin/tokens");
  const [tokens, users] = await Promise.all([findApiTokens(admin), findUsers(admin)]);
  const owners = users.filter((u) => u.active).map((u) => ({ id: u.id, name: u.name, role: roleLabels[u.role] }));
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Bearer tokens for machines: submitting runs, reading calibration, changing settings, reviewing from another tool, scraping metrics. Stored as SHA-256 hashes."
      />
      <Panel title="New token" className="mb-4">
        <CreateTokenForm owners={owners} create={createApiTokenAction} />
      </Panel>
      <Panel title="Tokens" bodyClassName="">
        <div className="relative overflow-x-auto">
          <table className="w-full text-left">
            <caption className="sr-only">API tokens, newest first</caption>
            <thead className="border-b border-zinc-200 text-xs text-zinc-500">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Name</th>
                <th scope="col" className="px-4 py-2 font-medium">Starts with</th>
                <th scope="col" className="px-4 py-2 font-medium">Scopes</th>
                <th scope="col" className="px-4 py-2 font-medium">Acts as</th>
                <th scope="col" className="px-4 py-2 font-medium">Created</th>
                <th scope="col" className="px-4 py-2 font-medium">Last used</th>
                <th scope="col" className="px-4 py-2 text-right font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {tokens.map((token) => (
                <tr key={token.id} className={`align-top ${token.revokedAt ? "text-zinc-500" : ""}`}>
                  <th scope="row" className="px-4 py-2 font-medium">{token.name}</th>
                  <td className="px-4 py-2 font-mono text-xs">{token.prefix}…</td>
                  <td className="px-4 py-2">
                    <div className="flex flex-wrap gap-1">{token.scopes.map((s) => <Badge key={s}>{s}</Badge>)}</div>
                  </td>
                  <td className="px-4 py-2">{token.owner ? `${token.owner.name}${token.owner.active ? "" : " (deactivated)"}` : "—"}</td>
                  <td className="whitespace-nowrap px-4 py-2 text-zinc-600">{formatDateTime(token.createdAt)}</td>
                  <td className="whitespace-nowrap px-4 py-2 text-zinc-600">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : "never"}</td>
                  <td className="whitespace-nowrap px-4 py-2 text-right">
                    {token.revokedAt ? <Badge tone="red">revoked {formatDateTime(token.revokedAt)}</Badge> : <RevokeTokenButton tokenId={token.id} name={token.name} revoke={revokeApiTokenAction} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
    </>
  );
}
