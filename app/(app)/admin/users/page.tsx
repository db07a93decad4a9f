import type { Metadata } from "next";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { UserControls } from "@/components/admin/user-controls";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { findUsers } from "@/lib/admin/manage-users";
import { requirePageAccess } from "@/lib/auth/current-user";
import { changeUserRoleAction, createUserAction, setUserActiveAction } from "./actions";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const admin = await requirePageAccess("users:manage", "/admin/users");
  const users = await findUsers(admin);
  return (
    <>
      <PageHeader title="Users" description="Accounts and roles. A role change or a deactivation applies on that person's next request." />
      <Panel title="New user" className="mb-4">
        <CreateUserForm create={createUserAction} />
      </Panel>
      <Panel title={`${users.length} accounts`} bodyClassName="">
        <div className="relative overflow-x-auto">
          <table className="w-full text-left">
            <caption className="sr-only">Accounts</caption>
            <thead className="border-b border-zinc-200 text-xs text-zinc-500">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Name</th>
                <th scope="col" className="px-4 py-2 font-medium">E-mail</th>
                <th scope="col" className="px-4 py-2 font-medium">Status</th>
                <th scope="col" className="px-4 py-2 font-medium">API tokens</th>
                <th scope="col" className="px-4 py-2 font-medium">Created</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">Role</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {users.map((user) => (
                <tr key={user.id} className={user.active ? "" : "text-zinc-500"}>
                  <th scope="row" className="px-4 py-2 font-medium">{user.name}{user.id === admin.id ? <span className="ml-1 text-xs font-normal text-zinc-500">(you)</span> : null}</th>
                  <td className="px-4 py-2">{user.email}</td>
                  <td className="px-4 py-2">{user.active ? <Badge tone="green">active</Badge> : <Badge>deactivated</Badge>}</td>
                  <td className="px-4 py-2 tabular-nums">{user.activeTokens}</td>
                  <td className="whitespace-nowrap px-4 py-2 text-zinc-600">{formatDateTime(user.createdAt)}</td>
                  <td className="px-4 py-2">
                    <UserControls user={user} isSelf={user.id === admin.id} changeRole={changeUserRoleAction} setActive={setUserActiveAction} />
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
