/**
 * Simulations of the saved workspace, run in worker threads
 * (simulation/SimulationRuns.ts): start, follow, fetch the report, cancel.
 * Progress and the end of each run are pushed on `/api/events` as
 * `{ type: 'simulation', … }` (routes/events.ts).
 */
import { DEFAULT_PER_INTENT, DEFAULT_SEED, RUN_SETTINGS } from '@colloquy/simulator';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from './context.ts';
import { simulationBody, simulationParams, type SimulationBody, type SimulationParams } from './schemas.ts';

export function registerSimulationRoutes(app: FastifyInstance, { simulations }: ServerContext): void {
  app.post<{ Body: SimulationBody | undefined }>('/api/simulations', { schema: { body: simulationBody } }, async (request, reply) => {
    const body = request.body ?? {};
    const { id, state } = simulations.start({
      seed: body.seed ?? DEFAULT_SEED,
      perIntent: body.perIntent ?? DEFAULT_PER_INTENT,
      ...(body.generators ? { generators: body.generators } : {}),
      ...(body.flow !== undefined ? { flow: body.flow } : {}),
      // What the request names was set on purpose: it wins over a test file's `simulate:` block.
      overrides: RUN_SETTINGS.filter((setting) => body[setting] !== undefined),
    });
    return reply.code(202).send({ id, state });
  });

  app.get<{ Params: SimulationParams }>('/api/simulations/:id', { schema: { params: simulationParams } }, async (request) => simulations.status(request.params.id));

  app.get<{ Params: SimulationParams }>('/api/simulations/:id/report', { schema: { params: simulationParams } }, async (request, reply) =>
    // Already JSON: serialised in the worker, sent as it is.
    reply.type('application/json; charset=utf-8').send(simulations.report(request.params.id)),
  );

  app.delete<{ Params: SimulationParams }>('/api/simulations/:id', { schema: { params: simulationParams } }, async (request) => {
    const { id, state } = simulations.cancel(request.params.id);
    return { id, state };
  });
}
