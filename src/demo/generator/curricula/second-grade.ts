/**
 * 2-А, Полина's class at a Moscow-region school (МЭШ platform, «Моя школа»): most lessons taught by the
 * class teacher. A data table of the demo (see `../curriculum.ts` for what each field means).
 *
 * The week follows the federal primary-school plan for a five-day week (ФОП НОО, 2nd grade: 22 lessons —
 * Russian 5, reading 4, mathematics 4, the world around us 2, English 2, PE 2, music, art and crafts 1
 * each). Subject ids are МЭШ-like and kept apart from the Moscow children's, so the family's МЭШ ids stay
 * unique even though ids of another installation mean nothing in Moscow.
 */
import type { CurriculumPlan } from '../curriculum.js';

const MAKAROVA = 'Макарова Ольга Константиновна';

/** 2-А: the second-grade curriculum (4–5 lessons a day, most taught by the class teacher). */
export const SECOND_GRADE: CurriculumPlan = {
  subjects: [
    {
      id: 32401,
      name: 'Русский язык',
      teacher: MAKAROVA,
      room: '21',
      topics: [
        'Наша речь',
        'Текст',
        'Предложение',
        'Слова, слова, слова…',
        'Звуки и буквы',
        'Правописание буквосочетаний с шипящими',
        'Части речи',
      ],
      homework: ['Упр. {a}', 'С. {a}, упр. {b}'],
    },
    {
      id: 32402,
      name: 'Литературное чтение',
      teacher: MAKAROVA,
      room: '21',
      topics: [
        'Устное народное творчество',
        'Люблю природу русскую. Осень',
        'Русские писатели',
        'О братьях наших меньших',
        'Из детских журналов',
        'Люблю природу русскую. Зима',
      ],
      homework: ['Прочитать с. {a}–{b}', 'Выразительное чтение, с. {a}'],
    },
    {
      id: 32403,
      name: 'Математика',
      teacher: MAKAROVA,
      room: '21',
      topics: [
        'Числа от 1 до 100. Нумерация',
        'Единицы длины',
        'Сложение и вычитание в пределах 100',
        'Письменные вычисления',
        'Умножение и деление',
      ],
      homework: ['С. {a}, № {b}', 'С. {a}, № {b}, задача'],
    },
    {
      id: 32404,
      name: 'Окружающий мир',
      teacher: MAKAROVA,
      room: '21',
      topics: ['Где мы живём', 'Природа', 'Жизнь города и села', 'Здоровье и безопасность', 'Общение'],
      homework: ['Рабочая тетрадь, с. {a}–{b}'],
    },
    {
      id: 32410,
      name: 'Английский язык',
      teacher: 'Шевченко Алина Романовна',
      room: '34',
      topics: ['My letters', 'My home', 'My birthday', 'My animals', 'My toys'],
      homework: ['WB p. {a}, ex. {b}', 'New words p. {a}'],
    },
    {
      id: 32415,
      name: 'Физическая культура',
      teacher: 'Дмитриев Кирилл Андреевич',
      room: 'Спортзал',
      topics: ['Лёгкая атлетика', 'Подвижные игры', 'Гимнастика с элементами акробатики'],
      homework: ['Утренняя зарядка'],
    },
    {
      id: 32420,
      name: 'Музыка',
      teacher: 'Виноградова Ирина Олеговна',
      room: '12',
      topics: ['Музыка в жизни человека', 'Народная музыка России', 'Музыкальная грамота'],
      homework: ['Выучить песню'],
    },
    {
      id: 32421,
      name: 'Изобразительное искусство',
      teacher: MAKAROVA,
      room: '21',
      topics: ['Чем и как работают художники', 'Реальность и фантазия', 'О чём говорит искусство'],
      homework: ['Закончить рисунок'],
    },
    {
      id: 32422,
      name: 'Труд (технология)',
      teacher: MAKAROVA,
      room: '21',
      topics: ['Работа с бумагой', 'Работа с пластилином', 'Работа с природными материалами'],
      homework: ['Принести пластилин'],
    },
  ],
  week: [
    ['Русский язык', 'Литературное чтение', 'Математика', 'Окружающий мир', 'Музыка'],
    ['Русский язык', 'Математика', 'Английский язык', 'Литературное чтение', 'Физическая культура'],
    ['Русский язык', 'Литературное чтение', 'Математика', 'Изобразительное искусство'],
    ['Русский язык', 'Английский язык', 'Окружающий мир', 'Физическая культура'],
    ['Русский язык', 'Математика', 'Литературное чтение', 'Труд (технология)'],
  ],
};
