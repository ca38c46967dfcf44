export function App() {
  return (
    <main className="app">
      <h1>TagMedX</h1>
    </main>
  );
}
