import { Hono } from 'hono';
import { accessRoutes } from './access/routes';
import { authenticate, type NewsroomEnv } from './access/middleware';
import { analyticsRoutes } from './analytics/routes';
import { commentDetailRoutes } from './comments/routes';
import { complaintRoutes } from './complaints/routes';
import { identityRoutes } from './identity/routes';
import { moderationRoutes } from './moderation/routes';
import { orderRoutes } from './orders/routes';
import { pickRoutes } from './picks/routes';
import { settingsRoutes } from './settings/routes';
import { siteRoutes } from './sites/routes';
import { trustRoutes } from './trust/routes';
import { webhookRoutes } from './webhooks/routes';

/**
 * The newsroom API under `/v1/newsroom`. Everything but sign-in needs a key or a session
 * (401 without); each route then names the role it needs on its site (403 otherwise).
 */
export function newsroomRoutes() {
  const app = new Hono<NewsroomEnv>();
  app.use('/sites/*', authenticate());
  app.route('/', accessRoutes());
  app.route('/', siteRoutes());
  app.route('/', analyticsRoutes());
  app.route('/', settingsRoutes());
  app.route('/', identityRoutes());
  app.route('/', moderationRoutes());
  app.route('/', trustRoutes());
  app.route('/', pickRoutes());
  app.route('/', commentDetailRoutes());
  app.route('/', complaintRoutes());
  app.route('/', orderRoutes());
  app.route('/', webhookRoutes());
  return app;
}
