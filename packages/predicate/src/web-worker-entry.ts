// The script a browser Web Worker runs for createWebWorkerEvaluator(): answers engine requests
// with the in-thread engines, and keeps Go's runtime output (crash traces) off the console.
import { captureEngineOutput, handleEngineRequest, type EngineRequest } from './engine-host.ts';

interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: EngineRequest }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
captureEngineOutput();
scope.addEventListener('message', (event) => {
  void handleEngineRequest(event.data).then((reply) => scope.postMessage(reply));
});
