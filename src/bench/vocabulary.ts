import type { Split } from './splits.js';

/**
 * Entity names, one disjoint list per split, so that no name in a validation or
 * test task ever occurs in training data (test/bench/splits.test.ts checks it).
 * All places and organisations are invented, so world knowledge cannot answer.
 */
export interface Vocabulary {
  people: readonly string[];
  /** Distinctive first words of organisations, rooms and venues ("the Harbor Lab"). */
  heads: readonly string[];
  cities: readonly string[];
  countries: readonly string[];
  /** Relay: trips are named after stars and constellations. */
  trips: readonly string[];
  /** Relay: hotels are named after birds ("the Lark Inn"). */
  birds: readonly string[];
  /** Relay: gate letters. */
  gateLetters: readonly string[];
}

export const VOCABULARY: Record<Split, Vocabulary> = {
  train: {
    people: [
      'Mara', 'Tomas', 'Ilse', 'Bruno', 'Carys', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hugo',
      'Ines', 'Jonah', 'Kasia', 'Lionel', 'Maren', 'Nils', 'Odette', 'Pavel', 'Quinn', 'Rosa',
      'Soren', 'Talia', 'Ulric', 'Vera', 'Wendell', 'Xenia', 'Yusuf', 'Zora', 'Anselm', 'Beatrix',
      'Cosmo', 'Delphine', 'Emil', 'Flora', 'Gideon', 'Hana', 'Ivo', 'Juno', 'Kenji', 'Leona',
      'Milo', 'Nadia', 'Otto', 'Priya', 'Rafael', 'Selma', 'Theo', 'Uma', 'Viggo', 'Wren',
      'Yara', 'Zeno', 'Agnes', 'Basil', 'Clio', 'Dario', 'Edda', 'Felix', 'Gemma', 'Hector',
    ],
    heads: [
      'Harbor', 'Juniper', 'Copper', 'Falcon', 'Meadow', 'Granite', 'Lantern', 'Willow', 'Beacon', 'Cobalt',
      'Saffron', 'Thistle', 'Ember', 'Orchard', 'Quarry', 'Summit', 'Tidewater', 'Bramble', 'Hollow', 'Kestrel',
    ],
    cities: [
      'Tilden', 'Marlow', 'Ashby', 'Corrin', 'Dunmore', 'Elsworth', 'Fenwick',
      'Garrow', 'Halden', 'Kilbride', 'Lorton', 'Penhallow', 'Redmere', 'Stanwick',
    ],
    countries: ['Valdoria', 'Estmark', 'Kelvania', 'Norhaven', 'Brevania', 'Caldonia', 'Dravia', 'Solmark'],
    trips: ['Orion', 'Vega', 'Lyra', 'Draco', 'Cygnus', 'Perseus', 'Auriga', 'Carina', 'Corvus', 'Hydra', 'Pavo', 'Tucana'],
    birds: ['Lark', 'Finch', 'Plover', 'Curlew', 'Swift', 'Osprey', 'Magpie', 'Starling', 'Bittern', 'Kingfisher'],
    gateLetters: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'],
  },
  validation: {
    people: [
      'Adele', 'Boris', 'Celeste', 'Dorian', 'Esme', 'Florian', 'Gwen', 'Henrik', 'Isolde', 'Jasper',
      'Katya', 'Lorenzo', 'Mirela', 'Nestor', 'Olga', 'Pierce', 'Rhea', 'Stellan', 'Tamsin', 'Umberto',
      'Valka', 'Wilhelm', 'Yvette', 'Zoltan', 'Anouk', 'Bastian', 'Cordelia', 'Desmond', 'Elke', 'Fabian',
      'Galina', 'Horatio', 'Ingrid', 'Jules', 'Kirsi', 'Leander', 'Marisol', 'Niamh', 'Orson', 'Perpetua',
    ],
    heads: [
      'Amber', 'Birch', 'Cinder', 'Driftwood', 'Elm', 'Foxglove', 'Glacier', 'Heron', 'Ivy', 'Jasmine',
      'Keel', 'Larch', 'Marble', 'Nettle', 'Oak', 'Pebble', 'Quill', 'Rowan', 'Sable', 'Tamarack',
    ],
    cities: [
      'Aldmoor', 'Brisco', 'Caddell', 'Dalreen', 'Eskholm', 'Farrowby', 'Glenmire',
      'Harlech', 'Invergarry', 'Kestwick', 'Larkhill', 'Mossend', 'Norwood', 'Oakhurst',
    ],
    countries: ['Arvandy', 'Belmora', 'Corvalia', 'Duskland', 'Elarra', 'Frostmere', 'Galdor', 'Hythe'],
    trips: ['Altair', 'Deneb', 'Rigel', 'Spica', 'Antares', 'Capella', 'Mira', 'Polaris', 'Sirius', 'Castor', 'Pollux', 'Procyon'],
    birds: ['Egret', 'Grebe', 'Linnet', 'Merlin', 'Nightjar', 'Oriole', 'Pipit', 'Redstart', 'Siskin', 'Twite'],
    gateLetters: ['J', 'K', 'L', 'M', 'N'],
  },
  test: {
    people: [
      'Alaric', 'Brigid', 'Cassius', 'Dagny', 'Evander', 'Fenna', 'Gaspard', 'Hollis', 'Imke', 'Jarek',
      'Kalani', 'Linnea', 'Magnus', 'Nerys', 'Osric', 'Pilar', 'Ragnar', 'Saoirse', 'Thaddeus', 'Undine',
      'Vesna', 'Wystan', 'Ximena', 'Yorick', 'Zuzana', 'Ambrose', 'Bettina', 'Corwin', 'Dunja', 'Eamon',
      'Frida', 'Gunnar', 'Hedda', 'Isidro', 'Jolanda', 'Kasimir', 'Lucasta', 'Mireille', 'Neville', 'Oona',
    ],
    heads: [
      'Alder', 'Basalt', 'Clover', 'Dune', 'Estuary', 'Fern', 'Garnet', 'Hazel', 'Indigo', 'Jade',
      'Kelp', 'Lichen', 'Moss', 'Nimbus', 'Opal', 'Pine', 'Quartz', 'Reed', 'Slate', 'Thorn',
    ],
    cities: [
      'Abermor', 'Bellcastle', 'Crannock', 'Dunhallow', 'Edgerton', 'Fallowmere', 'Gorsedale',
      'Hexley', 'Ivybridge', 'Jarrowby', 'Kelmscott', 'Lindqvist', 'Morrowvale', 'Nethercote',
    ],
    countries: ['Aurelle', 'Borgund', 'Cytheria', 'Drakmoor', 'Eskaria', 'Fennmark', 'Gallowen', 'Ithmoor'],
    trips: ['Achernar', 'Bellatrix', 'Canopus', 'Diphda', 'Elnath', 'Fomalhaut', 'Gacrux', 'Hadar', 'Izar', 'Kochab', 'Merak', 'Nunki'],
    birds: ['Avocet', 'Bunting', 'Chough', 'Dunlin', 'Eider', 'Fulmar', 'Godwit', 'Hoopoe', 'Jacana', 'Kittiwake'],
    gateLetters: ['P', 'R', 'S', 'T', 'U', 'W'],
  },
};

/** Words shared by every split: they name kinds of things, not entities. */
export const ORG_KINDS = ['Lab', 'Clinic', 'Institute', 'Works', 'Bakery', 'Studio', 'Foundry', 'Library', 'Observatory', 'Press'] as const;
export const VENUE_KINDS = ['Hall', 'Pavilion', 'Lodge', 'Barn', 'Gallery', 'House'] as const;
export const HOTEL_KINDS = ['Inn', 'Hotel', 'Lodge'] as const;
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] as const;
export const FEATURES = [
  'step-free access', 'a projector', 'free parking', 'a vegetarian kitchen', 'a quiet room', 'a garden',
] as const;
