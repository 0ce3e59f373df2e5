import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CrierError } from '../../domain/errors/index.js';
import { isEditorRole } from '../../editors/editor.js';
import { renderPage, redirectWith, type DashboardContext } from '../dashboard-context.js';

const addForm = z.object({ name: z.string().max(200).default(''), password: z.string().max(1024).default(''), role: z.string().default('editor') });
const roleForm = z.object({ role: z.string().default('editor') });

/** Editor accounts, for admins (the same store as `crier editor add|remove|list`). */
export function adminRoutes(scope: FastifyInstance, ctx: DashboardContext): void {
  const { editors } = ctx.dash;
  const page = async (request: Parameters<typeof renderPage>[1], reply: Parameters<typeof renderPage>[2], problem?: string, status = 200) =>
    renderPage(ctx, request, reply, 'editors', {
      title: 'Editors',
      nav: 'editors',
      editors: (await editors.list()).map((e) => ({ ...e, createdAt: ctx.time.format(e.createdAt) })),
      problem,
    }, status);

  scope.get('/admin/editors', async (request, reply) => page(request, reply));

  scope.post('/admin/editors', async (request, reply) => {
    const form = addForm.parse(request.body ?? {});
    try {
      const editor = await editors.add(form.name, form.password, form.role);
      return redirectWith(request, reply, '/admin/editors', `Added ${editor.name} (${editor.role}).`);
    } catch (error) {
      if (error instanceof CrierError) return page(request, reply, error.message, 422);
      throw error;
    }
  });

  scope.post<{ Params: { name: string } }>('/admin/editors/:name/role', async (request, reply) => {
    const form = roleForm.parse(request.body ?? {});
    if (!isEditorRole(form.role)) return page(request, reply, 'A role is editor or admin.', 422);
    if (request.params.name === request.editor?.name && form.role !== 'admin') return page(request, reply, 'You cannot take away your own admin role.', 422);
    await editors.setRole(request.params.name, form.role);
    return redirectWith(request, reply, '/admin/editors', `${request.params.name} is now ${form.role}.`);
  });

  scope.post<{ Params: { name: string } }>('/admin/editors/:name/remove', async (request, reply) => {
    if (request.params.name === request.editor?.name) return page(request, reply, 'You cannot remove yourself.', 422);
    try {
      await editors.remove(request.params.name);
    } catch (error) {
      if (error instanceof CrierError) return page(request, reply, error.message, 404);
      throw error;
    }
    return redirectWith(request, reply, '/admin/editors', `Removed ${request.params.name}: their sessions end now.`);
  });
}
