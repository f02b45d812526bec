/** Today's notes from the field, one fact per sentence; the coordinator stores each one. */
export default function observer(): { message: string } {
  return {
    message: [
      'The pump at site 4 leaks at the inlet valve.',
      'Weather was clear all afternoon.',
      'Bring a 40 mm gasket and the torque wrench.',
      'The canteen closes early on Fridays.',
      'Call Dana at the depot before 8 to get the gate opened.',
      'Someone left a blue jacket in the van.',
    ].join(' '),
  };
}
