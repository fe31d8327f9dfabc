/** `GET /api/recognizer`: the recognizer agent.yaml names, its model id and weights hash (simulation/RecognizerDescriptions.ts). */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from './context.ts';

export function registerRecognizerRoutes(app: FastifyInstance, { recognizer }: ServerContext): void {
  app.get('/api/recognizer', async () => recognizer.current());
}
